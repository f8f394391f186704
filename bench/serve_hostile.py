#!/usr/bin/env python3
"""Hostile clients for bench/serve_soak.sh: while wrk loads `cochlea serve`, this sends, in a loop,
truncated bodies, huge declared lengths, slow senders (a byte every second), bodies that are not
audio, and garbage on the WebSocket, and checks each answer the server gives.

    /usr/bin/python3 bench/serve_hostile.py PORT MODEL SECONDS
Prints one line of counts; exits 1 if the server ever answered something unexpected.
"""
import base64
import os
import socket
import sys
import threading
import time

port, model, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
path = f"/v1/models/{model}/predict"
counts = {}
bad = []
lock = threading.Lock()


def count(kind, ok, detail=""):
    with lock:
        counts[kind] = counts.get(kind, 0) + 1
        if not ok:
            bad.append(f"{kind}: {detail}")


def conn(timeout=40):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    return s


def status_of(s):
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    line = data.split(b"\r\n", 1)[0].decode("latin-1")
    return int(line.split()[1]) if line.startswith("HTTP/1.1 ") else None


def truncated():
    s = conn()
    s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 16044\r\n\r\n".encode() + os.urandom(1000))
    s.close()
    count("truncated", True)


def huge():
    s = conn()
    s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n\r\n".encode())
    st = status_of(s)
    s.close()
    count("huge_length", st == 413, st)


def not_audio():
    s = conn()
    body = os.urandom(5000)
    s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
    st = status_of(s)
    s.close()
    count("not_audio", st in (400, 415), st)


def slow():
    s = conn()
    s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 16044\r\n\r\nRIFF".encode())
    for _ in range(5):
        time.sleep(1)
        try:
            s.sendall(b"\x00")
        except OSError:
            break
    s.close()
    count("slow_sender", True)


def ws_garbage():
    s = conn()
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /v1/models/{model}/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    st = status_of(s)
    # A masked binary frame of 3 bytes (not whole float samples), then raw garbage.
    mask = os.urandom(4)
    payload = bytes(b ^ mask[i % 4] for i, b in enumerate(b"\x01\x02\x03"))
    try:
        s.sendall(b"\x82\x83" + mask + payload + os.urandom(64))
        s.recv(4096)
    except OSError:
        pass
    s.close()
    count("ws_garbage", st == 101, st)


kinds = [truncated, huge, not_audio, slow, ws_garbage]
end = time.time() + seconds
workers = []


def loop(fn):
    while time.time() < end:
        try:
            fn()
        except OSError as e:
            count(fn.__name__ + "_refused", False, repr(e))
        time.sleep(0.2)


for fn in kinds:
    t = threading.Thread(target=loop, args=(fn,), daemon=True)
    t.start()
    workers.append(t)
for t in workers:
    t.join()
print("hostile requests:", " ".join(f"{k}={v}" for k, v in sorted(counts.items())),
      "unexpected:", len(bad), ("; first: " + bad[0]) if bad else "")
sys.exit(1 if bad else 0)
