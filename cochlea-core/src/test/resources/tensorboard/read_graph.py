#!/usr/bin/python3
"""Reads the graph in a TensorBoard log folder with TensorBoard's own code and prints it as JSON.

usage: read_graph.py TB_LIB LOGDIR
  TB_LIB: the Python side of TensorBoard (../shared/tools/tensorboard/lib); run with Debian's
  /usr/bin/python3 and the packages listed in ../shared/tools/tensorboard/README.md.

Two readers, both TensorBoard's:
  1. event_accumulator.EventAccumulator: Tags()["graph"] and Graph(), the GraphDef as loaded;
  2. the Graphs dashboard's data API, in process (the WSGI app `tensorboard --load_fast=false`
     serves): /data/plugin/graphs/info and /data/plugin/graphs/graph?run=. with the query the
     dashboard sends, parsed back from its pbtxt.
Prints {"tags_graph", "producer", "nodes": [{name, op, inputs, shapes, attr}], "dashboard": {...}}.
"""
import json
import logging
import sys

sys.path.insert(0, sys.argv[1])
logdir = sys.argv[2]
logging.disable(logging.WARNING)  # "TensorFlow installation not found" and the like

from google.protobuf import text_format  # noqa: E402
from tensorboard.backend.event_processing import event_accumulator  # noqa: E402
from tensorboard.compat.proto import graph_pb2  # noqa: E402

acc = event_accumulator.EventAccumulator(logdir)
acc.Reload()
tags = acc.Tags()
graph = acc.Graph()


def node_json(n):
    return {"name": n.name, "op": n.op, "inputs": list(n.input),
            "shapes": [[d.size for d in s.dim] for s in n.attr["_output_shapes"].list.shape],
            "attr": n.attr["attr"].s.decode("utf-8")}


from werkzeug.test import Client  # noqa: E402
from tensorboard import default, program  # noqa: E402
from tensorboard.backend import application  # noqa: E402

tb = program.TensorBoard(plugins=default.get_plugins())
tb.configure(argv=[None, "--logdir", logdir, "--load_fast=false", "--reload_interval=0", "--reload_task=blocking"])
data_provider, multiplexer = tb._make_data_provider()
app = application.TensorBoardWSGIApp(tb.flags, tb.plugin_loaders, data_provider, tb.assets_zip_provider, multiplexer)
client = Client(app)
info = client.get("/data/plugin/graphs/info")
served = client.get("/data/plugin/graphs/graph?run=.&limit_attr_size=1024&large_attrs_key=_too_large_attrs")
served_graph = graph_pb2.GraphDef()
if served.status_code == 200:
    text_format.Parse(served.get_data().decode("utf-8"), served_graph)

print(json.dumps({
    "tags_graph": tags.get("graph"),
    "producer": graph.versions.producer,
    "nodes": [node_json(n) for n in graph.node],
    "dashboard": {
        "info_status": info.status_code,
        "info": json.loads(info.get_data()) if info.status_code == 200 else None,
        "graph_status": served.status_code,
        "graph_nodes": [n.name for n in served_graph.node],
        "same_as_loaded": served_graph == graph,
    },
}))
