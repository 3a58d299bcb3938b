# ONNX Runtime's own operator test cases for the ai.onnx.ml operators DbScoring converts, as test models.
#
# Source: the OpTester unit tests of https://github.com/microsoft/onnxruntime (MIT License, Copyright (c) Microsoft
# Corporation), onnxruntime/test/providers/cpu/ml/*.cc as stored for this project (each case names its file and test).
# Those tests define each model by its node's attributes, inputs and expected outputs in C++; ONNX Runtime builds the
# one-node graph in memory, so there is no model file to copy, and its .onnx test data is binary, not readable here.
# This script transcribes the cases as data — attributes, inputs and expected outputs as ORT's test states them
# (C++ float literals such as 0.4f rounded to float here too) — and writes each as a one-node model with Debian's
# python3-onnx, the way build_onnx_models.py writes the other test models. Nothing of ORT's code is copied.
#
# How a case becomes DbScoring models (the harness — the only part that is ours):
# - A predictor (TreeEnsembleRegressor/Classifier, TreeEnsemble, LinearRegressor/Classifier) is the model as it is,
#   its input declared [N, F] with the row count left open. DbScoring scores one row at a time, so ORT's several
#   OpTester runs of one model (all rows, then the first row alone, or the rows repeated 201 and 40,002 times) are the
#   same rows here.
# - A pre-processing operator (Normalizer, Scaler, Binarizer, OneHotEncoder, LabelEncoder, ArrayFeatureExtractor,
#   FeatureVectorizer, CastMap) is not a model DbScoring converts on its own: slot j of its output is read by
#   ArrayFeatureExtractor([j]) and scored as x · 1 + 0 by a LinearRegressor (exact in ONNX Runtime and in DbScoring),
#   one model per slot ("-slot{j}"). An int64 or double output is first Cast to float; a text output (LabelEncoder to
#   strings) is one-hot encoded over the case's output texts, so slot j says whether the row's text is text j.
# - ORT's one-dimensional inputs (Normalizer's [3], Imputer's [5]) are one row; tensors of more dimensions whose
#   operator works element by element (LabelEncoder, OneHotEncoder's vector form) are one value per row.
# Arguments: output folder. Writes CASE.onnx / CASE-slot{j}.onnx and cases.json (for OrtOperatorCaseTests.cs): per
# case its source, and per model the rows (DbScoring's inputs in order; null = missing), the expected outputs and
# ORT's tolerance (the OpTester default 1e-3 absolute unless the test sets its own).
import json
import math
import os
import sys

import numpy as np
from onnx import TensorProto as T, TypeProto, helper

out_folder = sys.argv[1]
os.makedirs(out_folder, exist_ok=True)
ML = "onnxruntime/test/providers/cpu/ml/"
DEFAULT_TOLERANCE = 1e-3   # OpTester's default for float outputs (test/providers/checkers.cc)
cases = []


def f32(v):
    return float(np.float32(v))


def f32s(values):
    return [f32(v) for v in values]


def save(file, nodes, inputs, outputs, initializers=(), ml=1, opset=13, ir=8):
    graph = helper.make_graph(nodes, file, inputs, outputs, initializer=list(initializers))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset), helper.make_opsetid("ai.onnx.ml", ml)],
                              producer_name="DbScoring tests: ONNX Runtime operator cases (python3-onnx)", producer_version="1.0")
    model.ir_version = ir
    with open(os.path.join(out_folder, file + ".onnx"), "wb") as f:
        f.write(model.SerializeToString())


def tensor_input(name, kind, width):
    return helper.make_tensor_value_info(name, kind, [None, width])


def case(name, source, test, checks, note=""):
    cases.append({"name": name, "source": ML + source, "test": test, "note": note, "checks": checks})


def check(model, rows, target=None, refused=None, tolerance=DEFAULT_TOLERANCE, **expected):
    """One DbScoring model of a case: its rows and what ORT's test expects on them (labels, scores, probabilities,
    class_scores), or the words its refusal must contain."""
    c = {"model": model, "target": target, "rows": rows, "tolerance": tolerance}
    if refused:
        c["refused"] = refused
    c.update({k: v for k, v in expected.items() if v is not None})
    return c


def rows_of(values, width):
    return [values[i:i + width] for i in range(0, len(values), width)]


def column(matrix_values, width, k):
    return [row[k] for row in rows_of(matrix_values, width)]


# ---------------------------------------------------------------------------------------------------------------------
# TreeEnsembleRegressor — treeregressor_test.cc
X8 = f32s([1, 0, 0.4, 3, 44, -3, 12, 12.9, -312, 23, 11.3, -222, 23, 11.3, -222, 23, 3311.3, -222, 23, 11.3, -222, 43, 413.3, -114])
MULTI_TARGET_TREES = dict(
    nodes_truenodeids=[1, 2, -1, -1, -1, 1, -1, 3, -1, -1, 1, -1, -1], nodes_falsenodeids=[4, 3, -1, -1, -1, 2, -1, 4, -1, -1, 2, -1, -1],
    nodes_treeids=[0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2], nodes_nodeids=[0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2],
    nodes_featureids=[2, 1, -2, -2, -2, 0, -2, 2, -2, -2, 1, -2, -2],
    nodes_values=[10.5, 13.10000038, -2, -2, -2, 1.5, -2, -213, -2, -2, 13.10000038, -2, -2],
    nodes_modes=["BRANCH_LEQ", "BRANCH_LEQ", "LEAF", "LEAF", "LEAF", "BRANCH_LEQ", "LEAF", "BRANCH_LEQ", "LEAF", "LEAF", "BRANCH_LEQ", "LEAF", "LEAF"],
    target_treeids=[0] * 10 + [1] * 10 + [2] * 6, target_nodeids=[0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 0, 0, 1, 1, 2, 2],
    target_ids=[0, 1] * 13,
    target_weights=[1.5, 27.5, 2.25, 20.75, 2, 23, 3, 14, 0, 41, 1.83333333, 24.5, 0, 41, 2.75, 16.25, 2, 23, 3, 14, 2.66666667, 17, 2, 23, 3, 14],
    n_targets=2)


def multi_target_regressor(test, aggregate, base_values, results, double=False):
    name = "ort-" + test
    kind = T.DOUBLE if double else T.FLOAT
    attrs = dict(MULTI_TARGET_TREES, base_values=base_values, **({"aggregate_function": aggregate} if aggregate != "SUM" else {}))
    save(name, [helper.make_node("TreeEnsembleRegressor", ["X"], ["Y"], domain="ai.onnx.ml", name="regressor", **attrs)],
         [tensor_input("X", kind, 3)], [tensor_input("Y", T.FLOAT, 2)])
    rows = rows_of(X8, 3)
    checks = [check(name, rows, refused=["n_targets = 2", "--target k (0…1)"])]
    refused = [f"aggregate_function {aggregate} over 3 trees"] if aggregate in ("MIN", "MAX") else None
    checks += [check(name, rows, target=k, refused=refused, scores=column(results, 2, k)) for k in (0, 1)]
    case(name, "treeregressor_test.cc", "MLOpTest." + test, checks, "also run by ORT on the first row alone (one_obs)")


multi_target_regressor("TreeRegressorMultiTargetAverage", "AVERAGE", [0.0, 0.0],
                       [1.33333333, 29, 3, 14, 2, 23, 2, 23, 2, 23, 2.66666667, 17, 2, 23, 3, 14])
multi_target_regressor("TreeRegressorMultiTargetMin", "MIN", [5.0, 5.0], [5, 28, 8, 19, 7, 28, 7, 28, 7, 28, 7, 19, 7, 28, 8, 19])
multi_target_regressor("TreeRegressorMultiTargetMax", "MAX", [0.0, 0.0], [2, 41, 3, 14, 2, 23, 2, 23, 2, 23, 3, 23, 2, 23, 3, 14])
multi_target_regressor("TreeRegressorMultiTargetMaxDouble", "MAX", [0.0, 0.0], [2, 41, 3, 14, 2, 23, 2, 23, 2, 23, 3, 23, 2, 23, 3, 14], double=True)

SINGLE_TARGET_TREES = dict(
    nodes_truenodeids=[1, 0, 0, 1, 0, 0, 1, 0, 0], nodes_falsenodeids=[2, 0, 0, 2, 0, 0, 2, 0, 0],
    nodes_treeids=[0, 0, 0, 1, 1, 1, 2, 2, 2], nodes_nodeids=[0, 1, 2, 0, 1, 2, 0, 1, 2], nodes_featureids=[0, 0, 0, 0, 0, 0, 1, 0, 0],
    nodes_values=[1, 0, 0, 0.5, 0, 0, 0.5, 0, 0],
    nodes_modes=["BRANCH_LEQ", "LEAF", "LEAF", "BRANCH_LEQ", "LEAF", "LEAF", "BRANCH_LEQ", "LEAF", "LEAF"],
    target_treeids=[0, 0, 1, 1, 2, 2], target_nodeids=[1, 2, 1, 2, 1, 2], target_ids=[0] * 6,
    target_weights=[33.33333, 16.66666, 33.33333, -3.33333, 16.66666, -3.333333], n_targets=1)
for test, aggregate, results in [
        ("TreeRegressorSingleTargetSum", "SUM", [63.33333333, 26.66666667, 30.0]),
        ("TreeRegressorSingleTargetAverage", "AVERAGE", [f32(f32(63.33333333) / 3), f32(f32(26.66666667) / 3), f32(f32(30.0) / 3)]),
        ("TreeRegressorSingleTargetMin", "MIN", [-3.33333, -3.33333, -3.33333]),
        ("TreeRegressorSingleTargetMax", "MAX", [33.33333, 33.33333, 16.66666])]:
    name = "ort-" + test
    attrs = dict(SINGLE_TARGET_TREES, **({"aggregate_function": aggregate} if aggregate != "SUM" else {}))
    save(name, [helper.make_node("TreeEnsembleRegressor", ["X"], ["Y"], domain="ai.onnx.ml", name="regressor", **attrs)],
         [tensor_input("X", T.FLOAT, 2)], [tensor_input("Y", T.FLOAT, 1)])
    rows = rows_of([0.0, 1, 1, 1, 2, 0], 2)
    refused = ["aggregate_function " + aggregate, "3 trees"] if aggregate in ("MIN", "MAX") else None
    case(name, "treeregressor_test.cc", "MLOpTest." + test, [check(name, rows, refused=refused, scores=results)],
         "also run by ORT on the first row alone" + (" and on the rows repeated 201 and 40,002 times (TreeRegressorSingleTargetSumBatch)" if aggregate == "SUM" else ""))

# ---------------------------------------------------------------------------------------------------------------------
# TreeEnsembleClassifier — tree_ensembler_classifier_test.cc (all its cases share these trees)
CLASSIFIER_TREES = dict(
    nodes_truenodeids=[1, -1, 3, -1, -1, 1, -1, 3, 4, -1, -1, -1, 1, 2, -1, 4, -1, -1, -1],
    nodes_falsenodeids=[2, -1, 4, -1, -1, 2, -1, 6, 5, -1, -1, -1, 6, 3, -1, 5, -1, -1, -1],
    nodes_treeids=[0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2],
    nodes_nodeids=[0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6],
    nodes_featureids=[2, -2, 0, -2, -2, 0, -2, 2, 1, -2, -2, -2, 0, 2, -2, 1, -2, -2, -2],
    nodes_modes=["BRANCH_LEQ", "LEAF", "BRANCH_LEQ", "LEAF", "LEAF", "BRANCH_LEQ", "LEAF", "BRANCH_LEQ", "BRANCH_LEQ", "LEAF", "LEAF", "LEAF",
                 "BRANCH_LEQ", "BRANCH_LEQ", "LEAF", "BRANCH_LEQ", "LEAF", "LEAF", "LEAF"],
    class_treeids=[0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], class_nodeids=[1, 3, 4, 1, 4, 5, 6, 2, 4, 5, 6])
CLASSIFIER_THRESHOLDS = [-172, -2, 2.5, -2, -2, 1.5, -2, -62.5, 213.09999084, -2, -2, -2, 27.5, -172, -2, 8.10000038, -2, -2, -2]
FOUR_CLASS_IDS = [2, 0, 1, 0, 2, 3, 1, 2, 0, 1, 3]
FOUR_CLASS_WEIGHTS = [1, 4, 1, 2, 1, 1, 2, 1, 1, 1, 3]
FOUR_CLASS_SCORES = rows_of([7, 0, 0, 0, 0, 4, 0, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0, 2, 1, 0, 0, 3, 0, 0, 1, 0, 4], 4)
FOUR_CLASS_LABELS = ["0", "1", "2", "2", "2", "2", "2", "3"]
MIXED_WEIGHTS = [-1, 4, -1, 2, -1, 1, -2, 1, -1, 2, -3]


def classifier(name, test, ml, labels_attr, class_ids, class_weights, outputs, checks, double=False, note="", **extra):
    kind = T.DOUBLE if double else T.FLOAT
    if double:
        weights = dict(nodes_values_as_tensor=helper.make_tensor("nodes_values_as_tensor", T.DOUBLE, [len(CLASSIFIER_THRESHOLDS)], f32s(CLASSIFIER_THRESHOLDS)),
                       class_weights_as_tensor=helper.make_tensor("class_weights_as_tensor", T.DOUBLE, [len(class_weights)], f32s(class_weights)))
    else:
        weights = dict(nodes_values=CLASSIFIER_THRESHOLDS, class_weights=[float(w) for w in class_weights])
    save(name, [helper.make_node("TreeEnsembleClassifier", ["X"], ["Y", "Z"], domain="ai.onnx.ml", name="classifier", class_ids=class_ids,
                                 **CLASSIFIER_TREES, **weights, **labels_attr, **extra)],
         [tensor_input("X", kind, 3)], outputs, ml=ml)
    case(name, "tree_ensembler_classifier_test.cc", "MLOpTest." + test, checks, note)


def label_output(kind=T.INT64):
    return helper.make_tensor_value_info("Y", kind, [None])


rows8 = rows_of(X8, 3)
for ml in (1, 3):
    name = f"ort-TreeEnsembleClassifier-ml{ml}"
    classifier(name, "TreeEnsembleClassifier", ml, {"classlabels_int64s": [0, 1, 2, 3]}, FOUR_CLASS_IDS, FOUR_CLASS_WEIGHTS,
               [label_output(), tensor_input("Z", T.FLOAT, 4)], [check(name, rows8, labels=FOUR_CLASS_LABELS, class_scores=FOUR_CLASS_SCORES)],
               note=f"ai.onnx.ml {ml}; MLOpTest.TreeEnsembleClassifier_N1 is its first row alone")
name = "ort-TreeEnsembleClassifier_as_tensor"
classifier(name, "TreeEnsembleClassifier_as_tensor", 3, {"classlabels_int64s": [0, 1, 2, 3]}, FOUR_CLASS_IDS, FOUR_CLASS_WEIGHTS,
           [label_output(), tensor_input("Z", T.FLOAT, 4)], [check(name, rows8, labels=FOUR_CLASS_LABELS, class_scores=FOUR_CLASS_SCORES)], double=True)
name = "ort-TreeEnsembleClassifierLabels"
classifier(name, "TreeEnsembleClassifierLabels", 1, {"classlabels_strings": ["label0", "label1"]}, [0] * 11, MIXED_WEIGHTS,
           [label_output(T.STRING), tensor_input("Z", T.FLOAT, 2)],
           [check(name, rows8, labels=["label1", "label0", "label0", "label0", "label0", "label1", "label0", "label0"],
                  scores=column([-5, 5, 1, -1, 1, -1, 1, -1, 1, -1, -1, 1, 1, -1, 3, -3], 2, 1))],
           note="Z = [−s, s]: DbScoring's Score is s")
name = "ort-TreeEnsembleClassifierBinary"
classifier(name, "TreeEnsembleClassifierBinary", 1, {"classlabels_int64s": [1]}, [0] * 11, MIXED_WEIGHTS,
           [label_output(), tensor_input("Z", T.FLOAT, 1)],
           [check(name, rows8, refused=["one class label ('1'"], labels=["1", "0", "0", "0", "0", "1", "0", "0"], scores=[5, -1, -1, -1, -1, 1, -1, -3])],
           note="one class label (1); ORT labels a row 1 or 0")
name = "ort-TreeEnsembleClassifierBinaryProbabilities"
classifier(name, "TreeEnsembleClassifierBinaryProbabilities", 1, {"classlabels_int64s": [0, 1]}, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1], MIXED_WEIGHTS,
           [label_output(), tensor_input("Z", T.FLOAT, 2)],
           [check(name, rows8, refused=["class 1 without a weight in every leaf of some tree"], labels=["1", "1", "0", "0", "0", "1", "0", "0"],
                  probabilities=column([0.00669282, 0.99330717, 0.04742586, 0.88079702, 0.73105859, 0.26894142, 0.73105859, 0.26894142, 0.73105859, 0.26894142,
                                        0.26894140, 0.73105859, 0.73105859, 0.26894142, 0.5, 0.04742586], 2, 1))],
           post_transform="LOGISTIC")

# The malformed models ORT's tests expect it to refuse: DbScoring must refuse them too, naming the operator.
SMALL_TREE = dict(nodes_truenodeids=[1, -1, -1], nodes_falsenodeids=[2, -1, -1], nodes_treeids=[0, 0, 0], nodes_nodeids=[0, 1, 2],
                  nodes_featureids=[0, -2, -2], nodes_values=[0.5, -2, -2], nodes_modes=["BRANCH_LEQ", "LEAF", "LEAF"])
for test, attrs, width, classes in [
        ("TreeEnsembleClassifierFailShape", dict(CLASSIFIER_TREES, nodes_values=CLASSIFIER_THRESHOLDS, class_ids=FOUR_CLASS_IDS, class_weights=[float(w) for w in FOUR_CLASS_WEIGHTS],
                                                 classlabels_int64s=[0, 1, 2, 3]), 2, 4),
        ("TreeEnsembleClassifierMismatchedClassArrays", dict(SMALL_TREE, class_treeids=[0, 0], class_nodeids=[1], class_ids=[0, 1], class_weights=[1.0, 1.0],
                                                             classlabels_int64s=[0, 1]), 1, 2),
        ("TreeEnsembleClassifierMismatchedNodeArrays", dict(SMALL_TREE, nodes_featureids=[0, -2], class_treeids=[0, 0], class_nodeids=[1, 2], class_ids=[0, 1],
                                                            class_weights=[1.0, 1.0], classlabels_int64s=[0, 1]), 1, 2),
        ("TreeEnsembleClassifierBaseValuesTooLargeForBinaryClass", dict(SMALL_TREE, nodes_truenodeids=[1, 0, 0], nodes_falsenodeids=[2, 0, 0], class_treeids=[0, 0],
                                                                        class_nodeids=[1, 2], class_ids=[0, 0], class_weights=[1.0, 1.0], classlabels_int64s=[0],
                                                                        base_values=[0.0, 0.0, 0.0]), 1, 1),
        ("TreeEnsembleClassifierBaseValuesWrongSizeMultiClass", dict(SMALL_TREE, nodes_truenodeids=[1, 0, 0], nodes_falsenodeids=[2, 0, 0], class_treeids=[0, 0],
                                                                     class_nodeids=[1, 2], class_ids=[0, 2], class_weights=[1.0, 1.0], classlabels_int64s=[0, 1, 2],
                                                                     base_values=[0.0, 0.0]), 1, 3)]:
    name = "ort-" + test
    save(name, [helper.make_node("TreeEnsembleClassifier", ["X"], ["Y", "Z"], domain="ai.onnx.ml", name="classifier", **attrs)],
         [tensor_input("X", T.FLOAT, width)], [label_output(), tensor_input("Z", T.FLOAT, classes)])
    case(name, "tree_ensembler_classifier_test.cc", "MLOpTest." + test,
         [check(name, [[1.0] * width], refused=["ai.onnx.ml:TreeEnsembleClassifier (node 'classifier')"])], "ORT refuses this model (kExpectFailure)")

# ---------------------------------------------------------------------------------------------------------------------
# TreeEnsemble (ai.onnx.ml 5) — tree_ensembler_test.cc


def repeat(values, n, increment=0):
    """n copies of a list, copy i with i · increment added (the test's way of writing n trees)."""
    return [v + i * increment for i in range(n) for v in values]


def repeat_children(children, leafs, other_leafs, n):
    """n copies of a child list: copy i points i · (leaf count) further into the leaves, or i · (node count) further
    into the nodes — the leaf count being how many of leafs and other_leafs are set, as the test counts them."""
    leaf_count = sum(1 for v in leafs if v) + sum(1 for v in other_leafs if v)
    return [children[j] + i * (leaf_count if leafs[j] else len(children)) for i in range(n) for j in range(len(children))]


def tree_ensemble(name, test, double, n_targets, trees, lists, x, width, y, membership=None, rounding=None):
    """rounding: {target: [rows]} whose double input is not a float and whose rounding crosses a split (x = 1.2 on the
    split 1.2, or in the set {1.2, …}): DbScoring holds 1.2f, so the gate must refuse those rows."""
    rounding = rounding or {}
    kind = T.DOUBLE if double else T.FLOAT
    numbers = (lambda v: v) if double else f32s
    if trees > 1:
        lists = dict(lists)
        roots = repeat(lists["tree_roots"], trees, len(lists["nodes_truenodeids"]))
        true_ids = repeat_children(lists["nodes_truenodeids"], lists["nodes_trueleafs"], lists["nodes_falseleafs"], trees)
        false_ids = repeat_children(lists["nodes_falsenodeids"], lists["nodes_falseleafs"], lists["nodes_trueleafs"], trees)
        lists.update(tree_roots=roots, nodes_truenodeids=true_ids, nodes_falsenodeids=false_ids,
                     **{k: repeat(lists[k], trees) for k in ("nodes_featureids", "nodes_trueleafs", "nodes_falseleafs", "leaf_targetids", "nodes_modes",
                                                             "nodes_splits", "leaf_weights")})
        if membership is not None:
            membership = repeat(membership, trees)
    attrs = dict(n_targets=n_targets, aggregate_function=1, post_transform=0, tree_roots=lists["tree_roots"],
                 nodes_modes=helper.make_tensor("nodes_modes", T.UINT8, [len(lists["nodes_modes"])], lists["nodes_modes"]),
                 nodes_featureids=lists["nodes_featureids"],
                 nodes_splits=helper.make_tensor("nodes_splits", kind, [len(lists["nodes_splits"])], numbers(lists["nodes_splits"])),
                 nodes_truenodeids=lists["nodes_truenodeids"], nodes_trueleafs=lists["nodes_trueleafs"],
                 nodes_falsenodeids=lists["nodes_falsenodeids"], nodes_falseleafs=lists["nodes_falseleafs"], leaf_targetids=lists["leaf_targetids"],
                 leaf_weights=helper.make_tensor("leaf_weight", kind, [len(lists["leaf_weights"])], numbers(lists["leaf_weights"])))
    if membership is not None:
        attrs["membership_values"] = helper.make_tensor("membership_values", kind, [len(membership)], numbers(membership))
    save(name, [helper.make_node("TreeEnsemble", ["X"], ["Y"], domain="ai.onnx.ml", name="trees", **attrs)],
         [tensor_input("X", kind, width)], [tensor_input("Y", kind, n_targets)], ml=5, opset=21, ir=10)
    rows = rows_of(numbers(x), width)
    if n_targets == 1:
        checks = [check(name, rows, scores=y)]
    else:
        checks = [check(name, rows, refused=[f"n_targets = {n_targets}"])]
        checks += [check(name, rows, target=k, scores=column(y, n_targets, k), float_rounding_rows=rounding.get(k)) for k in range(n_targets)]
    case(name, "tree_ensembler_test.cc", "MLOpTest." + test, checks, f"{trees} tree(s)")


TWO_TARGET_TREE = dict(tree_roots=[0], nodes_featureids=[0, 0, 0], nodes_modes=[0, 0, 0], nodes_splits=[3.14, 1.2, 4.2], nodes_truenodeids=[1, 0, 1],
                       nodes_trueleafs=[0, 1, 1], nodes_falsenodeids=[2, 2, 3], nodes_falseleafs=[0, 1, 1], leaf_targetids=[0, 1, 0, 1],
                       leaf_weights=[5.23, 12.12, -12.23, 7.21])
X_TWO = [1.2, 3.4, -0.12, 1.66, 4.14, 1.77]
tree_ensemble("ort-TreeEnsembleFloat-1tree", "TreeEnsembleFloat", False, 2, 1, TWO_TARGET_TREE, X_TWO, 2, [5.23, 0, 5.23, 0, 0, 12.12])
tree_ensemble("ort-TreeEnsembleFloat-3trees", "TreeEnsembleFloat", False, 2, 3, TWO_TARGET_TREE, X_TWO, 2, [15.69, 0, 15.69, 0, 0, 36.36])
tree_ensemble("ort-TreeEnsembleDouble-1tree", "TreeEnsembleDouble", True, 2, 1, TWO_TARGET_TREE, X_TWO, 2, [5.23, 0, 5.23, 0, 0, 12.12], rounding={0: [0]})
tree_ensemble("ort-TreeEnsembleDouble-3trees", "TreeEnsembleDouble", True, 2, 3, TWO_TARGET_TREE, X_TWO, 2, [v * 3 for v in [5.23, 0, 5.23, 0, 0, 12.12]],
              rounding={0: [0]})
MEMBER_TREE = dict(tree_roots=[0], nodes_featureids=[0, 0, 0], nodes_truenodeids=[1, 0, 1], nodes_trueleafs=[0, 1, 1], nodes_falsenodeids=[2, 2, 3],
                   nodes_falseleafs=[1, 0, 1], leaf_targetids=[0, 1, 2, 3], nodes_modes=[0, 6, 6], nodes_splits=[11, 232344.0, math.nan],
                   leaf_weights=[1, 10, 1000, 100])
MEMBERS = [1.2, 3.7, 8, 9, math.nan, 12, 7, math.nan]
MEMBER_Y = [1, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0, 100, 0, 0, 1000, 0, 0, 0, 1000, 0, 0, 10, 0, 0]
X_MEMBER = [1.2, 3.4, -0.12, math.nan, 12.0, 7.0]
tree_ensemble("ort-TreeEnsembleSetMembership-1tree", "TreeEnsembleSetMembership", True, 4, 1, MEMBER_TREE, X_MEMBER, 1, MEMBER_Y, MEMBERS, rounding={0: [0], 3: [0]})
tree_ensemble("ort-TreeEnsembleSetMembership-5trees", "TreeEnsembleSetMembership", True, 4, 5, MEMBER_TREE, X_MEMBER, 1, [v * 5 for v in MEMBER_Y], MEMBERS, rounding={0: [0], 3: [0]})
tree_ensemble("ort-TreeEnsembleLeafOnly", "TreeEnsembleLeafOnly", True, 1, 1,
              dict(tree_roots=[0], nodes_modes=[0], nodes_featureids=[0], nodes_splits=[0], nodes_truenodeids=[0], nodes_trueleafs=[1], nodes_falsenodeids=[0],
                   nodes_falseleafs=[1], leaf_targetids=[0], leaf_weights=[6.23]), [1, 4], 1, [6.23, 6.23])

# ---------------------------------------------------------------------------------------------------------------------
# LinearClassifier — linearclassifer_test.cc
LC_COEFFICIENTS = [-0.22562418, 0.34188559, 0.68346153, -0.68051993, -0.1975279, 0.03748541]
LC_INTERCEPTS = [-3.91601811, 0.42575697, 0.13731251]
X_LC = [1, 0, 3, 44, 23, 11.3]


def linear_classifier(test, attrs, kind, x, classes, checks_of):
    name = "ort-" + test
    save(name, [helper.make_node("LinearClassifier", ["X"], ["Y", "Z"], domain="ai.onnx.ml", name="linear", **attrs)],
         [tensor_input("X", kind, 2)], [label_output(T.STRING if "classlabels_strings" in attrs else T.INT64), tensor_input("Z", T.FLOAT, classes)])
    case(name, "linearclassifer_test.cc", "MLOpTest." + test, checks_of(name, rows_of(x, 2)))


MULTI_SCORES = rows_of([-4.14164229, 1.1092185, -0.06021539, 10.45007543, -27.46673545, 1.19408663, -5.24206713, 8.45549693, -3.98224414], 3)
linear_classifier("LinearClassifierMulticlass", dict(coefficients=LC_COEFFICIENTS, intercepts=LC_INTERCEPTS, classlabels_ints=[1, 2, 3], multi_class=0), T.FLOAT,
                  f32s(X_LC), 3, lambda n, r: [check(n, r, labels=["2", "1", "2"], class_scores=MULTI_SCORES)])
linear_classifier("LinearClassifierMulticlassProb", dict(coefficients=LC_COEFFICIENTS, intercepts=LC_INTERCEPTS, classlabels_ints=[1, 2, 3]), T.FLOAT,
                  f32s(X_LC), 3, lambda n, r: [check(n, r, tolerance=1e-5, labels=["2", "1", "2"], class_scores=MULTI_SCORES)])
linear_classifier("LinearClassifierMulticlassProbSigmoid", dict(coefficients=LC_COEFFICIENTS, intercepts=LC_INTERCEPTS, classlabels_ints=[1, 2, 3], post_transform="LOGISTIC"),
                  T.FLOAT, f32s(X_LC), 3,
                  lambda n, r: [check(n, r, tolerance=1e-4, labels=["2", "1", "2"],
                                      class_scores=rows_of([0.015647972, 0.751983387, 0.484950699, 0.999971055, 1.17855E-12, 0.767471158,
                                                            0.005261482, 0.999787317, 0.018302525], 3))])
linear_classifier("LinearClassifierBinary", dict(coefficients=[0.00085401, -0.00314063], intercepts=[0.03930598]), T.FLOAT, f32s(X_LC), 1,
                  lambda n, r: [check(n, r, labels=["1", "0", "1"], scores=[0.0401599929, -0.0963197052, 0.0234590918])])
linear_classifier("LinearClassifierBinaryWithLabels", dict(coefficients=[0.00085401, -0.00314063], intercepts=[0.03930598],
                                                           classlabels_strings=["not_so_good", "pretty_good"]), T.FLOAT, f32s(X_LC), 2,
                  lambda n, r: [check(n, r, labels=["pretty_good", "not_so_good", "pretty_good"],
                                      scores=column([0.959840000, 0.0401599929, 1.09631968, -0.0963197052, 0.976540923, 0.0234590918], 2, 1))])
for test, kind in [("LinearClassifierMulticlassInt64Input", T.INT64), ("LinearClassifierMulticlassInt32Input", T.INT32),
                   ("LinearClassifierMulticlassDoubleInput", T.DOUBLE)]:
    linear_classifier(test, dict(coefficients=LC_COEFFICIENTS, intercepts=LC_INTERCEPTS, classlabels_ints=[1, 2, 3], multi_class=0), kind, [1, 0, 3, 44, 23, 11], 3,
                      lambda n, r: [check(n, r, labels=["2", "1", "2"],
                                          class_scores=rows_of([-4.14164229, 1.1092185, -0.06021539, 10.45007543, -27.46673545, 1.19408663,
                                                                -5.3446321487426758, 8.6596536636352539, -3.9934897422790527], 3))])

# ---------------------------------------------------------------------------------------------------------------------
# LinearRegressor — linearregressor_test.cc (LinearRegressorTest.LinearRegressorUniTarget, one model per parameter)
X_LR = f32s([1, 0, 3, 44, 23, 11.3])
for post, expected, targets in [
        ("NONE", [32, 14, -166], 1), ("SOFTMAX", [32, 14, -166], 1), ("LOGISTIC", [32, 14, -166], 1), ("SOFTMAX_ZERO", [32, 14, -166], 1),
        ("NONE", [1, 32, 3, 14, 23, -166], 2), ("SOFTMAX", [3.442477e-14, 1, 1.670142e-05, 1, 1, 0], 2),
        ("LOGISTIC", [0.731058, 1, 0.9525741, 1, 1, 0], 2), ("SOFTMAX_ZERO", [3.442477e-14, 1, 1.670142e-05, 1, 1, 0], 2)]:
    name = f"ort-LinearRegressor-{post}-{targets}target{'s' if targets > 1 else ''}"
    coefficients, intercepts = ([-9.0, -1.99600736e-16], [41.0]) if targets == 1 else ([1.0, -2.49500920e-17, -9.0, -1.99600736e-16], [2.22044605e-16, 41.0])
    attrs = dict(intercepts=intercepts, coefficients=coefficients, targets=targets, **({"post_transform": post} if post != "NONE" else {}))
    save(name, [helper.make_node("LinearRegressor", ["X"], ["Y"], domain="ai.onnx.ml", name="linear", **attrs)],
         [tensor_input("X", T.FLOAT, 2)], [tensor_input("Y", T.FLOAT, targets)])
    rows = rows_of(X_LR, 2)
    if targets == 1:
        checks = [check(name, rows, scores=expected)]
    else:
        checks = [check(name, rows, refused=["targets = 2"])]
        checks += [check(name, rows, target=k, refused=None if post == "NONE" else [f"post_transform {post}"], scores=column(expected, 2, k)) for k in (0, 1)]
    case(name, "linearregressor_test.cc", f"LinearRegressorTest.LinearRegressorUniTarget (post_transform {post}, {targets} target(s))", checks)
for test, attrs, width, x, expected in [
        ("LinearRegressorExtraCoefficientsAreIgnored", dict(targets=1, coefficients=[1.0, 2.0, 99.0, 100.0], intercepts=[0.0]), 2, [3.0, 4.0], [11.0]),
        ("LinearRegressorInvalidCoefficientsSize", dict(coefficients=[1.0, 2.0], intercepts=[0.0, 0.0], targets=2), 2, [1.0, 2.0], None),
        ("LinearRegressorUndersizedCoefficients", dict(targets=1, coefficients=[1.0], intercepts=[0.0]), 2, [1.0, 2.0], None),
        ("LinearRegressorInvalidTargets", dict(targets=0, coefficients=[1.0], intercepts=[0.0]), 1, [1.0], None)]:
    name = "ort-" + test
    save(name, [helper.make_node("LinearRegressor", ["X"], ["Y"], domain="ai.onnx.ml", name="linear", **attrs)],
         [tensor_input("X", T.FLOAT, width)], [tensor_input("Y", T.FLOAT, max(1, attrs["targets"]))])
    refused = None if expected else ["ai.onnx.ml:LinearRegressor (node 'linear')"]
    case(name, "linearregressor_test.cc", "MLOpTest." + test, [check(name, [x], refused=refused, scores=expected)],
         "" if expected else "ORT refuses this model (kExpectFailure)")


# ---------------------------------------------------------------------------------------------------------------------
# Pre-processing operators: slot j of the output scored as x · 1 + 0 (see the top of this file).
def slot_models(name, front, front_output, width, inputs, initializers=(), ml=1, cast=False, onehot=None):
    """Writes name-slot{j}.onnx for j < width; returns the file names."""
    files = []
    tail_input = front_output
    extra = []
    if cast:
        extra.append(helper.make_node("Cast", [front_output], ["as_float"], name="cast", to=T.FLOAT))
        tail_input = "as_float"
    if onehot is not None:
        extra += [helper.make_node("OneHotEncoder", [front_output], ["onehot3d"], domain="ai.onnx.ml", name="onehot", cats_strings=onehot, zeros=1),
                  helper.make_node("Reshape", ["onehot3d", "onehot_shape"], ["onehot"], name="reshape")]
        initializers = list(initializers) + [helper.make_tensor("onehot_shape", T.INT64, [2], [-1, len(onehot)])]
        tail_input = "onehot"
    for j in range(width):
        file = f"{name}-slot{j}"
        save(file, front + extra + [
            helper.make_node("ArrayFeatureExtractor", [tail_input, "slot"], ["picked"], domain="ai.onnx.ml", name="extractor"),
            helper.make_node("LinearRegressor", ["picked"], ["variable"], domain="ai.onnx.ml", name="identity", coefficients=[1.0], intercepts=[0.0])],
            inputs, [tensor_input("variable", T.FLOAT, 1)], list(initializers) + [helper.make_tensor("slot", T.INT64, [1], [j])], ml=ml)
        files.append(file)
    return files


def slot_checks(files, rows, outputs, refused=None, tolerance=DEFAULT_TOLERANCE):
    """One check per slot model: slot j of each expected output row."""
    if refused:
        return [check(files[0], rows, refused=refused)]
    return [check(f, rows, tolerance=tolerance, scores=[o[j] for o in outputs]) for j, f in enumerate(files)]


def one_node(op, inputs, output, **attrs):
    return [helper.make_node(op, inputs, [output], domain="ai.onnx.ml", name=op.lower(), **attrs)]


# Normalizer — normalizer_test.cc
for test, kind, dims, x, results in [
        ("SingleDimensionFloat", T.FLOAT, (1, 3), [-1.0, 0.0, 1.0],
         {"MAX": [-1.0, 0.0, 1.0], "L1": [-0.5, 0.0, 0.5], "L2": [-0.70710677, 0.0, 0.70710677]}),
        ("TwoDimensionFloat", T.FLOAT, (2, 3), f32s([-1.0856306, 0.99734545, 0.2829785, -1.50629471, -0.57860025, 1.65143654]),
         {"MAX": [-1.0885202, 1.0, 0.2837317, -0.91211176, -0.35036176, 1.0], "L1": [-0.45885524, 0.42154038, 0.11960436, -0.40314806, -0.15485784, 0.44199413],
          "L2": [-0.7232126, 0.6643998, 0.18851127, -0.65239084, -0.25059736, 0.7152532]}),
        ("TwoDimensionDouble", T.DOUBLE, (2, 3), [-1.0856306, 0.99734545, 0.2829785, -1.50629471, f32(-0.57860025), 1.65143654],
         {"MAX": [-1.0885202, 1.0, 0.2837317, -0.91211176, -0.35036176, 1.0], "L1": [-0.45885524, 0.42154038, 0.11960436, -0.40314806, -0.15485784, 0.44199413],
          "L2": [-0.7232126, 0.6643998, 0.18851127, -0.65239084, -0.25059736, 0.7152532]}),
        ("TwoDimensionInt", T.INT32, (3, 2), [-242, -42, 126, -86, -67, -9],
         {"MAX": [5.7619047, 1.0, 1.0, -0.6825397, 7.4444447, 1.0], "L1": [-0.85211265, -0.14788732, 0.5943396, -0.4056604, -0.8815789, -0.11842106],
          "L2": [-0.98527145, -0.17099753, 0.82594985, -0.56374353, -0.9910982, -0.13313259]})]:
    for norm, y in results.items():
        name = f"ort-Normalizer-{test}-{norm}"
        files = slot_models(name, one_node("Normalizer", ["X"], "Y", norm=norm), "Y", dims[1], [tensor_input("X", kind, dims[1])])
        refused = ["norm L2 on the int32 input 'X'", "beyond ±46,340"] if norm == "L2" and kind == T.INT32 else None
        case(name, "normalizer_test.cc", f"Normalizer.{test} (norm {norm})", slot_checks(files, rows_of(x, dims[1]), rows_of(y, dims[1]), refused=refused),
             "ORT's input is the one-dimensional [3]: one row" if dims[0] == 1 and test.startswith("Single") else "")
name = "ort-Normalizer-InvalidNorm"
files = slot_models(name, one_node("Normalizer", ["X"], "Y", norm="InvalidNormValue"), "Y", 1, [tensor_input("X", T.FLOAT, 3)])
case(name, "normalizer_test.cc", "Normalizer.InvalidNorm", [check(files[0], [[-1.0, 0.0, 1.0]], refused=["ai.onnx.ml:Normalizer (node 'normalizer')", "InvalidNormValue"])],
     "ORT refuses this model (kExpectFailure)")

# Scaler — scaler_test.cc (the expected output is (float(x) − offset) · scale, as the test computes it)
SCALE, OFFSET = f32s([3, -4, 3.0]), f32s([4.8, -0.5, 77.0])
for kind, label in [(T.FLOAT, "float"), (T.DOUBLE, "double"), (T.INT64, "int64_t"), (T.INT32, "int32_t")]:
    x = [1, -2, 3, 4, 5, -6]
    y = [f32(f32(f32(v) - OFFSET[i % 3]) * SCALE[i % 3]) for i, v in enumerate(x)]
    name = f"ort-ScalerOp-{label}"
    files = slot_models(name, one_node("Scaler", ["X"], "Y", scale=SCALE, offset=OFFSET), "Y", 3, [tensor_input("X", kind, 3)])
    case(name, "scaler_test.cc", f"MLOpTest.ScalerOp (TestScalar<{label}>)", slot_checks(files, rows_of([float(v) for v in x], 3), rows_of(y, 3)))
x = f32s([0.8, -0.5, 0.0, 0.8, 1.0, 1.0])
name = "ort-ScalerOpScaleOffsetSize1"
files = slot_models(name, one_node("Scaler", ["X"], "Y", scale=[3.0], offset=[4.8]), "Y", 3, [tensor_input("X", T.FLOAT, 3)])
case(name, "scaler_test.cc", "MLOpTest.ScalerOpScaleOffsetSize1",
     slot_checks(files, rows_of(x, 3), rows_of([f32(f32(v - f32(4.8)) * 3) for v in x], 3)))

# Binarizer — binarizer_test.cc (stored for forks of onnxruntime, e.g. 1sanz/onnxruntime; the same test in every version)
x = f32s([0.8, -0.5, 0.2, 0.8, -1.0, 0.1])
name = "ort-BinarizerOp"
files = slot_models(name, one_node("Binarizer", ["X"], "Y", threshold=0.3), "Y", 3, [tensor_input("X", T.FLOAT, 3)])
cases.append({"name": name, "source": ML + "binarizer_test.cc", "test": "MLOpTest.BinarizerOp", "note": "",
              "checks": slot_checks(files, rows_of(x, 3), rows_of([1.0 if v > f32(0.3) else 0.0 for v in x], 3))})

# Imputer — imputer_test.cc (a replaced value other than NaN)
name = "ort-ImputerOpFloat"
x = f32s([0.8, -0.5, 0.0, 1.0, 1.0])
files = slot_models(name, one_node("Imputer", ["X"], "Y", imputed_value_floats=[10.0], replaced_value_float=1.0), "Y", 5, [tensor_input("X", T.FLOAT, 5)])
case(name, "imputer_test.cc", "MLOpTest.ImputerOpFloat",
     slot_checks(files, [x], [[10.0 if v == 1.0 else v for v in x]]),
     "ORT's input is the one-dimensional [5]: one row")
name = "ort-ImputerOpInts"
files = slot_models(name, one_node("Imputer", ["X"], "Y", imputed_value_int64s=[10, 20, 30, 40, 50], replaced_value_int64=2), "Y", 5, [tensor_input("X", T.INT64, 5)],
                    cast=True)
case(name, "imputer_test.cc", "MLOpTest.ImputerOpInts",
     slot_checks(files, [[2.0, 0.0, 2.0, 1.0, 1.0]], [[10.0, 0.0, 30.0, 1.0, 1.0]]), "the int64 output cast to float")

# OneHotEncoder — onehotencoder_test.cc (its vector form: one value per row, [N] → [N, categories])
CATEGORIES = [0, 1, 2, 3, 4, 5, 6, 7]
for test, kind, x, zeros in [("IntegerWithInt64", T.INT64, [8, 1, 0, 0, 3, 7, 4], 1), ("IntegerWithInt64", T.INT64, [8, 1, 0, 0, 3, 7, 4], 0),
                             ("IntegerWithDouble", T.DOUBLE, f32s([8.1, 1.2, 0.0, 0.7, 3.4, 7.9, 4.4]), 1)]:
    name = f"ort-OneHotEncoder-{test}-zeros{zeros}"
    expected = [[1.0 if int(v) == c else 0.0 for c in CATEGORIES] for v in x]
    front = one_node("OneHotEncoder", ["X"], "Y3", cats_int64s=CATEGORIES, zeros=zeros) + [helper.make_node("Reshape", ["Y3", "shape"], ["Y"], name="reshape")]
    files = slot_models(name, front, "Y", len(CATEGORIES), [tensor_input("X", kind, 1)], [helper.make_tensor("shape", T.INT64, [2], [-1, len(CATEGORIES)])])
    refused = ["zeros = 0"] if zeros == 0 else (["cats_int64s on a column that is not an int64 or int32 input"] if kind == T.DOUBLE else None)
    case(name, "onehotencoder_test.cc", f"OneHotEncoderOpTest.{test} (zeros = {zeros})", slot_checks(files, [[float(v)] for v in x], expected, refused=refused),
         "ORT refuses zeros = 0 here (the 8 is not a category)" if zeros == 0 else "")
FRUITS = ["Apple", "Orange", "Watermelon", "Blueberry", "Coconut", "Mango", "Tangerine"]
for zeros in (1, 0):
    x = ["Watermelon", "Orange", "Tangerine", "Apple", "Kit"]
    name = f"ort-OneHotEncoder-String-zeros{zeros}"
    front = one_node("OneHotEncoder", ["X"], "Y3", cats_strings=FRUITS, zeros=zeros) + [helper.make_node("Reshape", ["Y3", "shape"], ["Y"], name="reshape")]
    files = slot_models(name, front, "Y", len(FRUITS), [tensor_input("X", T.STRING, 1)], [helper.make_tensor("shape", T.INT64, [2], [-1, len(FRUITS)])])
    case(name, "onehotencoder_test.cc", f"OneHotEncoderOpTest.String (zeros = {zeros})",
         slot_checks(files, [[v] for v in x], [[1.0 if v == c else 0.0 for c in FRUITS] for v in x], refused=["zeros = 0"] if zeros == 0 else None))


# LabelEncoder — label_encoder_test.cc: element by element, so one value per row. Numeric outputs are read as numbers
# (int64, int16 and double cast to float); text outputs through a one-hot encoding over the case's output texts.
def number_tensor(name, kind, values):
    return helper.make_tensor(name, kind, [len(values)], values)


def label_encoder(test, opset, in_kind, x, y, attrs, out_kind, refused=None):
    name = "ort-LabelEncoder-" + test
    text_out = out_kind == T.STRING
    texts = sorted(set(y)) if text_out else None
    files = slot_models(name, one_node("LabelEncoder", ["X"], "Y", **attrs), "Y", len(texts) if text_out else 1, [tensor_input("X", in_kind, 1)], ml=opset,
                        cast=not text_out and out_kind != T.FLOAT, onehot=texts)
    outputs = [[1.0 if v == t else 0.0 for t in texts] for v in y] if text_out else [[float(v)] for v in y]
    rows = [[v if isinstance(v, str) else float(v)] for v in x]
    cases.append({"name": name, "source": ML + "label_encoder_test.cc", "test": f"LabelEncoder.{test}", "note": f"ai.onnx.ml {opset}",
                  "checks": slot_checks(files, rows, outputs, refused=refused or (["a mapping to text on a column"] if text_out else None))})


NAN = math.nan
label_encoder("StringToInt", 1, T.STRING, ["Beer", "Burger", "Tequila", "Burrito", "Wine", "Cheese", "Tequila", "Floor"], [0, 99, 2, 99, 1, 99, 2, 99],
              dict(classes_strings=["Beer", "Wine", "Tequila"], default_string="Water", default_int64=99), T.INT64)
label_encoder("IntToString", 1, T.INT64, [0, 10, 2, 3, 1, -1], ["Beer", "Water", "Tequila", "Water", "Wine", "Water"],
              dict(classes_strings=["Beer", "Wine", "Tequila"], default_string="Water", default_int64=99), T.STRING)
label_encoder("StringToIntOpset2", 2, T.STRING, ["AA", "BB", "CC", "DD", "AA"], [9, 1, 5566, 4, 9],
              dict(keys_strings=["AA", "BB", "DD"], values_int64s=[9, 1, 4], default_int64=5566), T.INT64)
label_encoder("IntToStringOpset2", 2, T.INT64, [9, 1, 5566, 4, 9], ["AA", "BB", "CC", "DD", "AA"],
              dict(keys_int64s=[9, 1, 4], values_strings=["AA", "BB", "DD"], default_string="CC"), T.STRING)
label_encoder("FloatToStringOpset2", 2, T.FLOAT, f32s([9.4, 1.7, 3.6, 1.2, 2.8]), ["AA", "BB", "DD", "CC", "CC"],
              dict(keys_floats=[9.4, 1.7, 3.6], values_strings=["AA", "BB", "DD"], default_string="CC"), T.STRING)
label_encoder("StringToFloatOpset2", 2, T.STRING, ["AA", "BB", "DD", "CC", "CC"], f32s([9.4, 1.7, 3.6, 55.66, 55.66]),
              dict(keys_strings=["AA", "BB", "DD"], values_floats=[9.4, 1.7, 3.6], default_float=55.66), T.FLOAT)
label_encoder("FloatToInt64Opset2", 2, T.FLOAT, f32s([9.4, 1.7, 3.6, 55.66, 55.66]), [1, 9, 3, -8, -8],
              dict(keys_floats=[9.4, 1.7, 3.6], values_int64s=[1, 9, 3], default_int64=-8), T.INT64)
label_encoder("Int64ToFloatOpset2", 2, T.INT64, [3, 1, 9, -8, -8], f32s([3.6, 9.4, 1.7, 55.66, 55.66]),
              dict(keys_int64s=[1, 9, 3], values_floats=[9.4, 1.7, 3.6], default_float=55.66), T.FLOAT)
label_encoder("Int64ToInt64Opset2", 2, T.INT64, [3, 5, 9, -8, -8], [0, 1, -1, 2, 2],
              dict(keys_int64s=[3, 5, -8], values_int64s=[0, 1, 2], default_int64=-1), T.INT64)
label_encoder("StringToStringOpset2", 2, T.STRING, ["A", "A", "C", "D", "E"], ["X", "X", "Z", "!", "!"],
              dict(keys_strings=["A", "B", "C"], values_strings=["X", "Y", "Z"], default_string="!"), T.STRING)
label_encoder("FloatToFloatOpset2", 2, T.FLOAT, f32s([-1.0, 0.0, 3.1427, 7.25]), [1.0, 0.0, f32(2.718), NAN],
              dict(keys_floats=[-1.0, 0.0, 7.25], values_floats=[1.0, 0.0, NAN], default_float=2.718), T.FLOAT)
label_encoder("Int64toInt64Opset4", 4, T.INT64, [1, 2, 3, 4, 5], [12, 13, 14, 15, 42],
              dict(keys_int64s=[1, 2, 3, 4], values_int64s=[12, 13, 14, 15], default_tensor=number_tensor("default_tensor", T.INT64, [42])), T.INT64)
label_encoder("StringtoInt16Opset4", 4, T.STRING, ["a", "b", "d", "c", "g"], [0, 1, 42, 2, 42],
              dict(keys_strings=["a", "b", "c"], values_tensor=number_tensor("values_tensor", T.INT16, [0, 1, 2]),
                   default_tensor=number_tensor("default_tensor", T.INT16, [42])), T.INT16)
label_encoder("Int64toStringOpset4", 4, T.INT64, [1, 2, 3, 4, 5], ["Hello", "world", "_Unused", "onnxruntime", "!"],
              dict(keys_tensor=number_tensor("keys_tensor", T.INT64, [1, 2, 4, 5]),
                   values_tensor=helper.make_tensor("values_tensor", T.STRING, [4], [s.encode() for s in ["Hello", "world", "onnxruntime", "!"]]),
                   default_tensor=helper.make_tensor("default_tensor", T.STRING, [1], [b"_Unused"])), T.STRING)
label_encoder("StringToFloatOpset4", 4, T.STRING, ["Hello", "world", "Random", "onnxruntime", "!"], f32s([3.14, 2.0, -0.0, 2.718, 5.0]),
              dict(keys_tensor=helper.make_tensor("keys_tensor", T.STRING, [4], [s.encode() for s in ["Hello", "world", "onnxruntime", "!"]]),
                   values_tensor=number_tensor("values_tensor", T.FLOAT, f32s([3.14, 2.0, 2.718, 5.0])),
                   default_tensor=number_tensor("default_tensor", T.FLOAT, [-0.0])), T.FLOAT)
label_encoder("StringToDoubleOpset4", 4, T.STRING, ["Hello", "world", "Random", "onnxruntime", "!"], [0.1, 1.1231e30, -0.0, 2.718, 5.0],
              dict(keys_tensor=helper.make_tensor("keys_tensor", T.STRING, [4], [s.encode() for s in ["Hello", "world", "onnxruntime", "!"]]),
                   values_tensor=number_tensor("values_tensor", T.DOUBLE, [0.1, 1.1231e30, 2.718, 5.0]),
                   default_tensor=number_tensor("default_tensor", T.DOUBLE, [-0.0])), T.DOUBLE, refused=["the value 0.1, which a float cannot hold"])
label_encoder("TensorBasedAttributesOpset4", 4, T.INT64, [1, 2, 3, 4, 5], [12, 13, 14, 15, 42],
              dict(keys_tensor=number_tensor("keys_tensor", T.INT64, [1, 2, 3, 4]), values_tensor=number_tensor("values_tensor", T.INT64, [12, 13, 14, 15]),
                   default_tensor=number_tensor("default_tensor", T.INT64, [42])), T.INT64)
raw = helper.make_tensor("keys_tensor", T.INT64, [2], np.array([1, 2], dtype="<i8").tobytes(), raw=True)
label_encoder("Int64ToInt64TensorRawDataOpset4", 4, T.INT64, [1, 2, 9], [12, 13, 42],
              dict(keys_tensor=raw, values_tensor=helper.make_tensor("values_tensor", T.INT64, [2], np.array([12, 13], dtype="<i8").tobytes(), raw=True),
                   default_tensor=number_tensor("default_tensor", T.INT64, [42])), T.INT64)
label_encoder("NaNsMappedTogetherOpset4", 4, T.FLOAT, [f32(3.14), NAN, f32(2.718), NAN, 5.0, -1.0], ["a", "ONNX", "b", "ONNX", "c", "onnxruntime"],
              dict(keys_floats=[3.14, 2.718, 5.0, NAN], values_strings=["a", "b", "c", "ONNX"],
                   default_tensor=helper.make_tensor("default_tensor", T.STRING, [1], [b"onnxruntime"])), T.STRING)
label_encoder("DoubleNaNsMappedTogetherOpset4", 4, T.DOUBLE, [3.14, NAN, 2.718, NAN, 5.0, -1.0], ["a", "ONNX", "b", "ONNX", "c", "onnxruntime"],
              dict(keys_tensor=number_tensor("keys_tensor", T.DOUBLE, [3.14, 2.718, 5.0, NAN]), values_strings=["a", "b", "c", "ONNX"],
                   default_tensor=helper.make_tensor("default_tensor", T.STRING, [1], [b"onnxruntime"])), T.STRING)
label_encoder("FloatNaNKeyToInt64Opset4", 4, T.FLOAT, [f32(3.14), NAN, f32(2.718), NAN, 5.0, -1.0], [10, 40, 20, 40, 30, -1],
              dict(keys_floats=[3.14, 2.718, 5.0, NAN], values_int64s=[10, 20, 30, 40], default_tensor=number_tensor("default_tensor", T.INT64, [-1])), T.INT64,
              refused=["NaN as a key"])
label_encoder("FloatNaNKeyToFloatOpset4", 4, T.FLOAT, [1.0, NAN, 2.0, NAN, 99.0], [10.0, 30.0, 20.0, 30.0, -1.0],
              dict(keys_floats=[1.0, 2.0, NAN], values_floats=[10.0, 20.0, 30.0], default_tensor=number_tensor("default_tensor", T.FLOAT, [-1.0])), T.FLOAT,
              refused=["NaN as a key"])
label_encoder("DoubleNaNKeyToInt64Opset4", 4, T.DOUBLE, [3.14, NAN, 2.718, NAN, -1.0], [10, 30, 20, 30, -1],
              dict(keys_tensor=number_tensor("keys_tensor", T.DOUBLE, [3.14, 2.718, NAN]), values_int64s=[10, 20, 30],
                   default_tensor=number_tensor("default_tensor", T.INT64, [-1])), T.INT64, refused=["the key 3.14, which a float cannot hold"])
label_encoder("Int64ToDoubleOpset4", 4, T.INT64, [1, 2, 3, 4, 5], [1.1, 2.2, 3.3, 4.4, -1.0],
              dict(keys_int64s=[1, 2, 3, 4], values_tensor=number_tensor("values_tensor", T.DOUBLE, [1.1, 2.2, 3.3, 4.4]),
                   default_tensor=number_tensor("default_tensor", T.DOUBLE, [-1.0])), T.DOUBLE, refused=["the value 1.1, which a float cannot hold"])
label_encoder("DoubleToDoubleOpset4", 4, T.DOUBLE, [1.5, 2.5, 3.5, 99.0], [10.0, 20.0, 30.0, -1.0],
              dict(keys_tensor=number_tensor("keys_tensor", T.DOUBLE, [1.5, 2.5, 3.5]), values_tensor=number_tensor("values_tensor", T.DOUBLE, [10.0, 20.0, 30.0]),
                   default_tensor=number_tensor("default_tensor", T.DOUBLE, [-1.0])), T.DOUBLE)
label_encoder("DuplicateKeysFirstWinsOpset4", 4, T.INT64, [1, 2, 3], [10, 20, 42],
              dict(keys_int64s=[1, 2, 1], values_int64s=[10, 20, 99], default_tensor=number_tensor("default_tensor", T.INT64, [42])), T.INT64)
label_encoder("SingletonDefaultTensorOpset4", 4, T.INT64, [1, 2, 99], [10, 20, -7],
              dict(keys_int64s=[1, 2], values_int64s=[10, 20], default_tensor=number_tensor("default_tensor", T.INT64, [-7])), T.INT64)

# ArrayFeatureExtractor — array_feature_extractor_test.cc
x = f32s([0.8, -1.5, 2.0, 3.8, -4.0, 5.0, 6.8, -7.5, 8.0, 9.8, -9.0, 4.0, 4.8, -4.5, 4.0, 4.8, -4.0, 4.0])
name = "ort-ArrayFeatureExtractor-Basic"
files = slot_models(name, [helper.make_node("ArrayFeatureExtractor", ["X", "Y"], ["Z"], domain="ai.onnx.ml", name="features")], "Z", 3,
                    [tensor_input("X", T.FLOAT, 6)], [helper.make_tensor("Y", T.INT64, [1, 3], [1, 2, 4])])
case(name, "array_feature_extractor_test.cc", "ArrayFeatureExtractorTest.Basic",
     slot_checks(files, rows_of(x, 6), [[r[1], r[2], r[4]] for r in rows_of(x, 6)]), "the indices Y as a constant")
name = "ort-ArrayFeatureExtractor-OneDimensionalX"
files = slot_models(name, [helper.make_node("ArrayFeatureExtractor", ["X", "Y"], ["Z"], domain="ai.onnx.ml", name="features")], "Z", 3,
                    [tensor_input("X", T.INT32, 1)], [helper.make_tensor("Y", T.INT64, [1, 3], [0, 0, 0])], cast=True)
case(name, "array_feature_extractor_test.cc", "ArrayFeatureExtractorTest.OneDimensionalX", slot_checks(files, [[42.0]], [[42.0, 42.0, 42.0]]),
     "ORT's input is the one-dimensional [1]: one row; the int32 output cast to float")
name = "ort-ArrayFeatureExtractor-InvalidInputOutOfBoundsY"
files = slot_models(name, [helper.make_node("ArrayFeatureExtractor", ["X", "Y"], ["Z"], domain="ai.onnx.ml", name="features")], "Z", 1,
                    [tensor_input("X", T.INT32, 2)], [helper.make_tensor("Y", T.INT64, [1], [10])], cast=True)
case(name, "array_feature_extractor_test.cc", "ArrayFeatureExtractorTest.InvalidInputOutOfBoundsY",
     [check(files[0], [[1.0, 2.0], [3.0, 4.0]], refused=["ai.onnx.ml:ArrayFeatureExtractor (node 'features')", "10"])], "ORT refuses this model (kExpectFailure)")

# FeatureVectorizer — feature_vectorizer_test.cc
for test, kind, widths, dims, x, y in [
        ("BasicFunctionality", T.INT32, [3, 2, 1, 4], [3, 2, 1, 4], [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]], [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]),
        ("HandleInputDimensionMismatch", T.INT32, [3, 2], [2, 3], [[1, 2, 3, 1, 2]], [[1, 2, 1, 2, 0]]),
        ("Batch", T.DOUBLE, [2, 2], [2, 2], [[1, 2, 10, 11], [3, 4, 12, 13]], [[1, 2, 10, 11], [3, 4, 12, 13]])]:
    name = "ort-FeatureVectorizer-" + test
    inputs = [tensor_input(f"X{i}", kind, w) for i, w in enumerate(widths)]
    files = slot_models(name, [helper.make_node("FeatureVectorizer", [f"X{i}" for i in range(len(widths))], ["Y"], domain="ai.onnx.ml", name="vectorizer",
                                                inputdimensions=dims)], "Y", sum(dims), inputs)
    case(name, "feature_vectorizer_test.cc", "FeatureVectorizer." + test,
         slot_checks(files, [[float(v) for v in r] for r in x], [[float(v) for v in r] for r in y],
                     refused=["inputdimensions [2, 3] for inputs of widths [3, 2]"] if test == "HandleInputDimensionMismatch" else None),
         "X2 is one-dimensional [1] in ORT's test: one row" if test == "BasicFunctionality" else "")

# CastMap — cast_map_test.cc (a map(int64, ·) input; DbScoring's inputs are the keys 0 … max_map − 1, absent = missing)
def map_value_info(name, value_kind):
    kind = TypeProto()
    kind.map_type.key_type = T.INT64
    kind.map_type.value_type.tensor_type.elem_type = value_kind
    return helper.make_value_info(name, kind)


name = "ort-CastMap-SparseFloatToFloat"
map_input = map_value_info("X", T.FLOAT)
files = slot_models(name, one_node("CastMap", ["X"], "Y", cast_to="TO_FLOAT", map_form="SPARSE", max_map=4), "Y", 4, [map_input])
case(name, "cast_map_test.cc", "CastMap.SparseFloatToFloat", slot_checks(files, [[None, 1.0, 2.0, None]], [[0.0, 1.0, 2.0, 0.0]]))
for test, value_kind, cast_to, dense, refusal in [
        ("DenseStringToFloat", T.STRING, "TO_FLOAT", True, "the input 'X' is a map(int64, string); DbScoring takes a map(int64, float)"),
        ("SparseStringToInt64", T.STRING, "TO_INT64", False, "the input 'X' is a map(int64, string); DbScoring takes a map(int64, float)"),
        ("DenseFloatToInt64", T.FLOAT, "TO_INT64", True, "cast_to TO_INT64"), ("FloatToString", T.FLOAT, "TO_STRING", True, "cast_to TO_STRING")]:
    name = "ort-CastMap-" + test
    map_input = map_value_info("X", value_kind)
    attrs = dict(cast_to=cast_to, map_form="DENSE") if dense else dict(cast_to=cast_to, map_form="SPARSE", max_map=4)
    files = slot_models(name, one_node("CastMap", ["X"], "Y", **attrs), "Y", 1, [map_input], cast=cast_to == "TO_INT64",
                        onehot=["-1.000000", "3.000000"] if cast_to == "TO_STRING" else None)
    case(name, "cast_map_test.cc", "CastMap." + test, [check(files[0], [], refused=[refusal])])



def plain(value):
    """NaN as the text "NaN" (JSON has no NaN)."""
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


with open(os.path.join(out_folder, "cases.json"), "w") as f:
    json.dump({"cases": plain(cases)}, f, indent=1, allow_nan=False)
print(f"{len(cases)} cases")
