#!/usr/bin/python3
"""Reference values for the tutorial's linear discriminant analysis and AdaBoost (chapter 2).

Run from the repository root with Debian's Python (apt-get install python3-sklearn):
    /usr/bin/python3 reference/make_sklearn_reference.py
Writes cochlea-tutorial/src/test/resources/reference/sklearn.json, read by
cochlea-tutorial/src/test/java/dev/cochlea/tutorial/classic/SklearnParityTest.java.

The data are synthetic and written into the JSON itself: Gaussian classes from a seeded numpy
generator, rounded to 4 decimals. Both sides compute on the same float32 values: Cochlea reads
each number as a double and casts it to float; scikit-learn is given x.astype(float32) as float64.

Datasets:
  four_classes  4 classes in 6 dimensions sharing one covariance, unequal class sizes
                (150 training points: 45/35/40/30; 60 test points, 15 per class)
  two_classes   2 classes in 4 dimensions whose last feature is constant (zero within-class
                spread: LDA's rank handling), 80 training and 40 test points

Cases (each has the scikit-learn "call" that produced its numbers):
  lda_*       LinearDiscriminantAnalysis(solver="svd"): predict, predict_proba, decision_function,
              explained_variance_ratio_, transform (sign of each direction is arbitrary), coef_,
              intercept_, priors_, xbar_ (test points unless the name says otherwise)
  adaboost_*  AdaBoostClassifier(estimator=DecisionTreeClassifier(max_depth=1), algorithm="SAMME"):
              predict, estimator_weights_, estimator_errors_, each stump's feature and threshold,
              staged_score on the test points. The script checks that no stump's choice depends on
              random_state (the order in which scikit-learn's splitter visits features, which only
              matters for exactly tied splits), so the stumps are the only right answer.

Deterministic: run again with the same versions, it rewrites the same bytes.
"""
import json
import os
import platform

import numpy as np
import sklearn
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.ensemble import AdaBoostClassifier
from sklearn.tree import DecisionTreeClassifier

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "cochlea-tutorial", "src", "test", "resources", "reference", "sklearn.json")
COMMAND = "/usr/bin/python3 reference/make_sklearn_reference.py"


def as_float32(x):
    """The float32 values nearest to x (written in the JSON with 4 decimals), as float64: what the fits see."""
    return x.astype(np.float32).astype(np.float64)


def gaussian_classes(rng, sizes, means, mixing):
    """Points of class k: means[k] + z @ mixing, z standard normal; returned shuffled."""
    xs, ys = [], []
    for k, n in enumerate(sizes):
        xs.append(means[k] + rng.standard_normal((n, means.shape[1])) @ mixing)
        ys.append(np.full(n, k))
    x, y = np.concatenate(xs), np.concatenate(ys)
    order = rng.permutation(len(y))
    return np.round(x[order], 4), y[order]


def four_classes():
    rng = np.random.default_rng(15)
    d = 6
    means = rng.normal(0.0, 1.2, (4, d))
    mixing = rng.normal(0.0, 1.0, (d, d)) / np.sqrt(d) + 0.6 * np.eye(d)
    train = gaussian_classes(rng, [45, 35, 40, 30], means, mixing)
    test = gaussian_classes(rng, [15, 15, 15, 15], means, mixing)
    return train, test


def two_classes():
    rng = np.random.default_rng(16)
    d = 4
    means = np.array([[0.0, 0.0, 0.0, 0.0], [1.5, -1.0, 0.5, 0.0]])
    mixing = np.diag([1.0, 0.8, 1.2, 0.0])
    (xa, ya), (xb, yb) = gaussian_classes(rng, [50, 30], means, mixing), gaussian_classes(rng, [20, 20], means, mixing)
    xa[:, 3] = 2.5        # constant: zero spread within (and between) the classes
    xb[:, 3] = 2.5
    return (xa, ya), (xb, yb)


def rounded(a, digits):
    return np.round(np.asarray(a, dtype=np.float64), digits).tolist()


def lda_case(name, data, train, test, n_components=None):
    (x, y), (tx, _) = train, test
    x, tx = as_float32(x), as_float32(tx)
    lda = LinearDiscriminantAnalysis(solver="svd", n_components=n_components).fit(x, y)
    call = "LinearDiscriminantAnalysis(solver='svd'" + ("" if n_components is None else f", n_components={n_components}") + ").fit(train_x, train_y)"
    return {"name": name, "data": data, "call": call, "params": {"n_components": n_components},
            "outputs": {"predict": lda.predict(tx).tolist(),
                        "train_predict": lda.predict(x).tolist(),
                        "predict_proba": rounded(lda.predict_proba(tx), 9),
                        "decision_function": rounded(lda.decision_function(tx), 9),
                        "explained_variance_ratio": rounded(lda.explained_variance_ratio_, 12),
                        "transform": rounded(lda.transform(tx), 9),
                        "coef": rounded(lda.coef_, 9),
                        "intercept": rounded(lda.intercept_, 9),
                        "priors": rounded(lda.priors_, 12),
                        "xbar": rounded(lda.xbar_, 12)}}


def adaboost(n_estimators, learning_rate, random_state):
    return AdaBoostClassifier(estimator=DecisionTreeClassifier(max_depth=1), algorithm="SAMME",
                              n_estimators=n_estimators, learning_rate=learning_rate, random_state=random_state)


def adaboost_case(name, data, train, test, n_estimators, learning_rate):
    (x, y), (tx, ty) = train, test
    x, tx = as_float32(x), as_float32(tx)
    fits = [adaboost(n_estimators, learning_rate, seed).fit(x, y) for seed in range(8)]
    ada = fits[0]
    stumps = [(int(e.tree_.feature[0]), float(e.tree_.threshold[0])) for e in ada.estimators_]
    for other in fits[1:]:
        if [(int(e.tree_.feature[0]), float(e.tree_.threshold[0])) for e in other.estimators_] != stumps:
            raise SystemExit(f"{name}: a stump depends on random_state (a tied split); choose other data")
    call = (f"AdaBoostClassifier(estimator=DecisionTreeClassifier(max_depth=1), algorithm='SAMME', "
            f"n_estimators={n_estimators}, learning_rate={learning_rate}, random_state=0).fit(train_x, train_y)")
    return {"name": name, "data": data, "call": call,
            "params": {"n_estimators": n_estimators, "learning_rate": learning_rate},
            "outputs": {"predict": ada.predict(tx).tolist(),
                        "train_predict": ada.predict(x).tolist(),
                        "fitted_estimators": len(ada.estimators_),
                        "estimator_weights": rounded(ada.estimator_weights_, 12),
                        "estimator_errors": rounded(ada.estimator_errors_, 12),
                        "stump_feature": [f for f, _ in stumps],
                        "stump_threshold": [round(t, 9) for _, t in stumps],
                        "staged_score": rounded(list(ada.staged_score(tx, ty)), 12)}}


def dataset(train, test):
    (x, y), (tx, ty) = train, test
    return {"train_x": x.tolist(), "train_y": y.tolist(), "test_x": tx.tolist(), "test_y": ty.tolist()}


def dump(value, indent=0):
    """JSON with each list of numbers (and each matrix row) on one line."""
    pad = " " * indent
    if isinstance(value, dict):
        items = [f'{pad} {json.dumps(k)}: {dump(v, indent + 1).lstrip()}' for k, v in value.items()]
        return pad + "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and value and isinstance(value[0], (dict, list)):
        return pad + "[\n" + ",\n".join(dump(v, indent + 1) for v in value) + "\n" + pad + "]"
    return pad + json.dumps(value, separators=(",", ":"))


def main():
    four, two = four_classes(), two_classes()
    doc = {"generated_by": f"scikit-learn {sklearn.__version__} (reference/make_sklearn_reference.py)",
           "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "python": platform.python_version()},
           "command": COMMAND,
           "note": "data: 4 decimals; the fits see each value as float32 (read it as a double, cast it to float)",
           "datasets": {"four_classes": dataset(*four), "two_classes": dataset(*two)},
           "cases": [lda_case("lda_four_classes", "four_classes", *four),
                     lda_case("lda_four_classes_2d", "four_classes", *four, n_components=2),
                     lda_case("lda_two_classes", "two_classes", *two),
                     adaboost_case("adaboost_four_classes", "four_classes", *four, 40, 1.0),
                     adaboost_case("adaboost_four_classes_lr05", "four_classes", *four, 15, 0.5)]}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(dump(doc) + "\n")
    print("wrote", os.path.relpath(OUT, ROOT))


if __name__ == "__main__":
    main()
