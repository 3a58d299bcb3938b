# Builds the ONNX test models of the conversion tests. skl2onnx and onnxmltools (the usual producers) are not
# available on this machine, so the models are built here with Debian's python3-onnx from real scikit-learn models:
# a GradientBoostingRegressor trained on the breast-cancer data, its trees written in each node mode (BRANCH_LEQ, LT,
# GTE, GT) with and without missing-value tracks; gradient-boosting and random-forest classifiers on breast-cancer
# (two classes) and iris (three), written the way skl2onnx writes them (weights, base values, post transforms,
# ZipMap); variants in every post transform and leaf-weight layout; and graphs DbScoring must refuse.
# Arguments: data folder, output folder. Writes NAME.onnx; rows.csv (header f0..f8) and sklearn.csv (sklearn's
# predictions for the rows, NaN replaced by the training medians first, as the model was trained); iris-rows.csv and
# NAME.proba.csv (scikit-learn's predict_proba) for the classifiers.
import os
import sys

import numpy as np
from onnx import TensorProto, TypeProto, helper
from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor, RandomForestClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression

data_folder, out_folder = sys.argv[1], sys.argv[2]
os.makedirs(out_folder, exist_ok=True)
rows = []
with open(os.path.join(data_folder, "breast-cancer.txt")) as f:
    for line in f:
        fields = line.rstrip("\n").split("\t")
        if line.startswith("//") or len(fields) != 10:
            continue
        rows.append([float(v) if v not in ("", "?") else np.nan for v in fields])
data = np.array(rows, dtype=np.float64)
x, y = data[:, 1:].astype(np.float32), data[:, 0]
medians = np.nanmedian(x, axis=0)
filled = np.where(np.isnan(x), medians, x)
model = GradientBoostingRegressor(n_estimators=40, max_depth=3, random_state=3).fit(filled, y)
np.savetxt(os.path.join(out_folder, "rows.csv"), x, delimiter=",", header=",".join(f"f{i}" for i in range(9)), comments="", fmt="%.9g")
np.savetxt(os.path.join(out_folder, "sklearn.csv"), model.predict(filled), fmt="%.9g")


def threshold_split(mode, tree, n):
    """(feature, value, true, false) of sklearn node n ("x <= threshold goes left") written in mode."""
    v = np.float32(tree.threshold[n])   # ONNX stores a float
    left, right = int(tree.children_left[n]), int(tree.children_right[n])
    if mode == "BRANCH_LEQ":
        return int(tree.feature[n]), v, left, right                                   # x <= v
    if mode == "BRANCH_LT":
        return int(tree.feature[n]), np.nextafter(v, np.float32(np.inf)), left, right  # x < next(v)  ==  x <= v
    if mode == "BRANCH_GT":
        return int(tree.feature[n]), v, right, left                                   # x > v
    return int(tree.feature[n]), np.nextafter(v, np.float32(np.inf)), right, left      # x >= next(v)  ==  x > v


def nodes(mode, track, source=None, split=threshold_split):
    source = source or model
    a = {k: [] for k in ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes", "nodes_truenodeids",
                         "nodes_falsenodeids", "nodes_missing_value_tracks_true", "target_treeids", "target_nodeids", "target_ids", "target_weights"]}
    for t, estimator in enumerate(source.estimators_[:, 0]):
        tree = estimator.tree_
        for n in range(tree.node_count):
            a["nodes_treeids"].append(t)
            a["nodes_nodeids"].append(n)
            if tree.children_left[n] == -1:
                a["nodes_featureids"].append(0); a["nodes_values"].append(0.0); a["nodes_modes"].append("LEAF")
                a["nodes_truenodeids"].append(0); a["nodes_falsenodeids"].append(0); a["nodes_missing_value_tracks_true"].append(0)
                a["target_treeids"].append(t); a["target_nodeids"].append(n); a["target_ids"].append(0)
                a["target_weights"].append(float(np.float32(tree.value[n][0][0] * source.learning_rate)))
                continue
            feature, value, true, false = split(mode, tree, n)
            a["nodes_featureids"].append(feature); a["nodes_values"].append(float(value)); a["nodes_modes"].append(mode)
            a["nodes_truenodeids"].append(true); a["nodes_falsenodeids"].append(false)
            a["nodes_missing_value_tracks_true"].append(int(track and n % 2 == 0))
    return a


tree_nodes = nodes   # the adult pipeline below reuses the name 'nodes' for a list


def save(name, graph_nodes, outputs=None, features=9, input_type=TensorProto.FLOAT):
    outputs = outputs or [helper.make_tensor_value_info(graph_nodes[-1].output[0], TensorProto.FLOAT, [None, 1])]
    graph = helper.make_graph(graph_nodes, name, [helper.make_tensor_value_info("input", input_type, [None, features])], outputs)
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 3)],
                                   producer_name="DbScoring tests (python3-onnx)", producer_version="1.0")
    onnx_model.ir_version = 8
    with open(os.path.join(out_folder, name + ".onnx"), "wb") as f:
        f.write(onnx_model.SerializeToString())


base = [float(np.float32(model.init_.constant_[0][0]))]
for mode in ("BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT"):
    for track in (False, True):
        name = mode.lower().replace("branch_", "") + ("-tracks" if track else "")
        save(name, [helper.make_node("TreeEnsembleRegressor", ["input"], ["score"], domain="ai.onnx.ml", name="trees", n_targets=1,
                                     base_values=base, aggregate_function="SUM", post_transform="NONE", **nodes(mode, track))])
# Refused: an operator outside the table, and an unsupported attribute value.
save("refused-operator", [helper.make_node("TreeEnsembleRegressor", ["input"], ["score0"], domain="ai.onnx.ml", name="trees", n_targets=1,
                                           base_values=base, **nodes("BRANCH_LEQ", False)),
                          helper.make_node("Abs", ["score0"], ["score"], name="absolute")])
save("refused-average", [helper.make_node("TreeEnsembleRegressor", ["input"], ["score"], domain="ai.onnx.ml", name="trees", n_targets=1,
                                          base_values=base, aggregate_function="AVERAGE", **nodes("BRANCH_LEQ", False))])


# BRANCH_EQ / BRANCH_NEQ: the breast-cancer features are whole numbers 1..10, so a GradientBoostingRegressor trained on
# their one-hot codes splits on "code of value k <= 0.5", which is "x != k" on the raw feature: written as NEQ (true
# branch left) and as EQ (true branch right), with and without missing-value tracks, over the raw features.
levels = [(j, k) for j in range(9) for k in sorted(set(filled[:, j].tolist()))]
coded = np.array([[1.0 if filled[r, j] == k else 0.0 for (j, k) in levels] for r in range(len(filled))], dtype=np.float32)
eq_model = GradientBoostingRegressor(n_estimators=30, max_depth=3, random_state=4).fit(coded, y)
np.savetxt(os.path.join(out_folder, "sklearn-eq.csv"), eq_model.predict(coded), fmt="%.9g")


def equality_split(mode, tree, n):
    """sklearn's "code of value k <= 0.5 goes left" is "x != k" on the raw feature."""
    j, k = levels[int(tree.feature[n])]
    left, right = int(tree.children_left[n]), int(tree.children_right[n])
    return (j, k, left, right) if mode == "BRANCH_NEQ" else (j, k, right, left)


eq_base = [float(np.float32(eq_model.init_.constant_[0][0]))]
for mode in ("BRANCH_EQ", "BRANCH_NEQ"):
    for track in (False, True):
        name = mode.lower().replace("branch_", "") + ("-tracks" if track else "")
        save(name, [helper.make_node("TreeEnsembleRegressor", ["input"], ["score"], domain="ai.onnx.ml", name="trees", n_targets=1,
                                     base_values=eq_base, aggregate_function="SUM", post_transform="NONE", **nodes(mode, track, eq_model, equality_split))])



def threshold(t):
    """The float v with float(x) <= v exactly when float(x) <= t (sklearn compares float32 inputs to double thresholds)."""
    v = np.float32(t)
    return float(np.nextafter(v, np.float32(-np.inf)) if v > t else v)


# --- TreeEnsemble (ai.onnx.ml 5): the same regressor with tensor attributes -----------------------------------------
# Interior nodes in nodes_*, leaves in leaf_*; BRANCH_MEMBER (mode 6) on the whole-number features: "x <= t" is
# "x in {1, ..., floor(t)}" for the values 1..10 the data holds (other inputs go as the set says, ONNX Runtime checks).
# TreeEnsemble has no base values: sklearn's initial value is one more tree, last, whose two leaves both hold it.
def v5_attrs(member, track, double, trees=None, base=True):
    cast = float if double else (lambda v: float(np.float32(v)))
    a = {k: [] for k in ["tree_roots", "nodes_modes", "nodes_featureids", "nodes_splits", "nodes_truenodeids", "nodes_falsenodeids",
                         "nodes_trueleafs", "nodes_falseleafs", "nodes_missing_value_tracks_true", "leaf_targetids", "leaf_weights"]}
    members = []
    for estimator in model.estimators_[:trees, 0]:
        tree = estimator.tree_
        where = {}
        for n in range(tree.node_count):
            if tree.children_left[n] == -1:
                where[n] = (1, len(a["leaf_weights"]))
                a["leaf_targetids"].append(0); a["leaf_weights"].append(cast(tree.value[n][0][0] * model.learning_rate))
            else:
                where[n] = (0, len(a["nodes_modes"]))
                a["nodes_modes"].append(0)   # filled below
                for k in ["nodes_featureids", "nodes_splits", "nodes_truenodeids", "nodes_falsenodeids", "nodes_trueleafs", "nodes_falseleafs", "nodes_missing_value_tracks_true"]:
                    a[k].append(0)
        a["tree_roots"].append(where[0][1])
        for n in range(tree.node_count):
            if tree.children_left[n] == -1:
                continue
            i = where[n][1]
            t = float(tree.threshold[n]) if double else threshold(tree.threshold[n])
            as_member = member and n % 2 == 0
            a["nodes_modes"][i] = 6 if as_member else 0
            a["nodes_featureids"][i] = int(tree.feature[n])
            a["nodes_splits"][i] = 0.0 if as_member else t
            if as_member:
                members.extend([float(k) for k in range(1, 11) if k <= t] + [float("nan")])
            left, right = where[int(tree.children_left[n])], where[int(tree.children_right[n])]
            a["nodes_truenodeids"][i], a["nodes_trueleafs"][i] = left[1], left[0]
            a["nodes_falsenodeids"][i], a["nodes_falseleafs"][i] = right[1], right[0]
            a["nodes_missing_value_tracks_true"][i] = int(track and n % 2 == 0)
    if base:   # the initial value: a split whose two leaves both hold it
        i = len(a["nodes_modes"])
        a["tree_roots"].append(i)
        a["nodes_modes"].append(0); a["nodes_featureids"].append(0); a["nodes_splits"].append(0.0)
        for k, v in (("nodes_truenodeids", len(a["leaf_weights"])), ("nodes_falsenodeids", len(a["leaf_weights"]) + 1), ("nodes_trueleafs", 1), ("nodes_falseleafs", 1), ("nodes_missing_value_tracks_true", 0)):
            a[k].append(v)
        a["leaf_targetids"] += [0, 0]; a["leaf_weights"] += [cast(model.init_.constant_[0][0])] * 2
    kind = TensorProto.DOUBLE if double else TensorProto.FLOAT
    tensors = {"nodes_modes": helper.make_tensor("nodes_modes", TensorProto.UINT8, [len(a["nodes_modes"])], a.pop("nodes_modes")),
               "nodes_splits": helper.make_tensor("nodes_splits", kind, [len(a["nodes_splits"])], a.pop("nodes_splits")),
               "leaf_weights": helper.make_tensor("leaf_weights", kind, [len(a["leaf_weights"])], a.pop("leaf_weights"))}
    if members:
        tensors["membership_values"] = helper.make_tensor("membership_values", kind, [len(members)], members)
    if not track:
        del a["nodes_missing_value_tracks_true"]
    return {**a, **tensors}


def save_v5(name, attrs, double=False, **extra):
    kind = TensorProto.DOUBLE if double else TensorProto.FLOAT
    node = helper.make_node("TreeEnsemble", ["input"], ["score"], domain="ai.onnx.ml", name="trees", **{"n_targets": 1, "aggregate_function": 1, "post_transform": 0, **extra}, **attrs)
    graph = helper.make_graph([node], name, [helper.make_tensor_value_info("input", kind, [None, 9])], [helper.make_tensor_value_info("score", kind, [None, 1])])
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21), helper.make_opsetid("ai.onnx.ml", 5)],
                                   producer_name="DbScoring tests (python3-onnx)", producer_version="1.0")
    onnx_model.ir_version = 10
    with open(os.path.join(out_folder, name + ".onnx"), "wb") as f:
        f.write(onnx_model.SerializeToString())


save_v5("v5-leq-tracks", v5_attrs(member=False, track=True, double=False))
save_v5("v5-member", v5_attrs(member=True, track=False, double=False))
save_v5("v5-member-tracks", v5_attrs(member=True, track=True, double=False))
save_v5("v5-double", v5_attrs(member=True, track=True, double=True), double=True)
save_v5("v5-min-one-tree", v5_attrs(member=True, track=False, double=False, trees=1, base=False), aggregate_function=2)
save_v5("refused-v5-max", v5_attrs(member=False, track=False, double=False), aggregate_function=3)
save_v5("refused-v5-targets", v5_attrs(member=False, track=False, double=False), n_targets=2)


# --- classifiers -------------------------------------------------------------------------------------------------
def classifier_attrs(trees, leaf_weights, weights="class"):
    """trees: [(tree_id, sklearn tree)]; leaf_weights(tree_id, tree, node) -> [(class or target id, weight)]; weights:
    "class" (TreeEnsembleClassifier) or "target" (TreeEnsembleRegressor)."""
    a = {k: [] for k in ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes", "nodes_truenodeids",
                         "nodes_falsenodeids", weights + "_treeids", weights + "_nodeids", weights + "_ids", weights + "_weights"]}
    for t, tree in trees:
        for n in range(tree.node_count):
            leaf = tree.children_left[n] == -1
            a["nodes_treeids"].append(t); a["nodes_nodeids"].append(n)
            a["nodes_featureids"].append(0 if leaf else int(tree.feature[n]))
            a["nodes_values"].append(0.0 if leaf else threshold(tree.threshold[n]))
            a["nodes_modes"].append("LEAF" if leaf else "BRANCH_LEQ")
            a["nodes_truenodeids"].append(0 if leaf else int(tree.children_left[n]))
            a["nodes_falsenodeids"].append(0 if leaf else int(tree.children_right[n]))
            if leaf:
                for c, w in leaf_weights(t, tree, n):
                    a[weights + "_treeids"].append(t); a[weights + "_nodeids"].append(n); a[weights + "_ids"].append(c); a[weights + "_weights"].append(float(np.float32(w)))
    return a


def save_classifier(name, attrs, labels, features, zipmap=True, input_type=TensorProto.FLOAT, **extra):
    label_type = TensorProto.STRING if isinstance(labels[0], str) else TensorProto.INT64
    label_attr = {"classlabels_strings" if isinstance(labels[0], str) else "classlabels_int64s": labels}
    nodes = [helper.make_node("TreeEnsembleClassifier", ["input"], ["label", "probability_tensor"], domain="ai.onnx.ml", name="classifier",
                              **label_attr, **attrs, **extra)]
    outputs = [helper.make_tensor_value_info("label", label_type, [None])]
    if zipmap:
        nodes.append(helper.make_node("ZipMap", ["probability_tensor"], ["probabilities"], domain="ai.onnx.ml", name="zipmap", **label_attr))
        key = TensorProto.STRING if label_type == TensorProto.STRING else TensorProto.INT64
        zipped = TypeProto()   # seq(map(key, float)); onnx 1.12's helper has no make_map_type_proto
        zipped.sequence_type.elem_type.map_type.key_type = key
        zipped.sequence_type.elem_type.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
        outputs.append(helper.make_value_info("probabilities", zipped))
    else:
        outputs.append(helper.make_tensor_value_info("probability_tensor", TensorProto.FLOAT, [None, len(labels)]))
    save(name, nodes, outputs, features, input_type)


cancer_label = data[:, 0].astype(int)
gbc = GradientBoostingClassifier(n_estimators=30, max_depth=3, random_state=5).fit(filled, cancer_label)
rfc = RandomForestClassifier(n_estimators=12, max_depth=6, random_state=5).fit(filled, cancer_label)
np.savetxt(os.path.join(out_folder, "cancer-gbc.proba.csv"), gbc.predict_proba(filled)[:, 1], fmt="%.9g")
np.savetxt(os.path.join(out_folder, "cancer-rf.proba.csv"), rfc.predict_proba(filled)[:, 1], fmt="%.9g")
gbc_trees = [(t, e.tree_) for t, e in enumerate(gbc.estimators_[:, 0])]
rate = gbc.learning_rate
gbc_leaf = lambda t, tree, n: [(0, tree.value[n][0][0] * rate)]
gbc_base = [float(np.float32(gbc._raw_predict_init(np.zeros((1, 9))).ravel()[0]))]
# skl2onnx's binary gradient boosting: weights for class 0, one base value, LOGISTIC, int labels, ZipMap.
save_classifier("cancer-gbc", classifier_attrs(gbc_trees, gbc_leaf), [2, 4], 9, base_values=gbc_base, post_transform="LOGISTIC")
save_classifier("cancer-gbc-raw", classifier_attrs(gbc_trees, gbc_leaf), ["benign", "malignant"], 9, zipmap=False, base_values=gbc_base)
# The *_as_tensor double attributes of TreeEnsembleRegressor/Classifier (ai.onnx.ml 3), which ONNX Runtime reads for a
# double input (skl2onnx writes them for float64 models): scikit-learn's own double thresholds, leaf values and base
# values, for the breast-cancer gradient-boosting regressor and classifier.
def as_tensors(attrs, weights, trees, leaf, base):
    a = dict(attrs)
    values = [0.0 if tree.children_left[n] == -1 else float(tree.threshold[n]) for _, tree in trees for n in range(tree.node_count)]
    ws = [float(w) for t, tree in trees for n in range(tree.node_count) if tree.children_left[n] == -1 for _, w in leaf(t, tree, n)]
    del a["nodes_values"], a[weights + "_weights"]
    a["nodes_values_as_tensor"] = helper.make_tensor("nodes_values", TensorProto.DOUBLE, [len(values)], values)
    a[weights + "_weights_as_tensor"] = helper.make_tensor(weights + "_weights", TensorProto.DOUBLE, [len(ws)], ws)
    a["base_values_as_tensor"] = helper.make_tensor("base_values", TensorProto.DOUBLE, [len(base)], base)
    return a


reg_trees = [(t, e.tree_) for t, e in enumerate(model.estimators_[:, 0])]
reg_leaf = lambda t, tree, n: [(0, tree.value[n][0][0] * model.learning_rate)]
save("v3-double", [helper.make_node("TreeEnsembleRegressor", ["input"], ["score"], domain="ai.onnx.ml", name="trees", n_targets=1, aggregate_function="SUM",
                                    **as_tensors(classifier_attrs(reg_trees, reg_leaf, weights="target"), "target", reg_trees, reg_leaf, [float(model.init_.constant_[0][0])]))],
     input_type=TensorProto.DOUBLE)
save_classifier("cancer-gbc-double", as_tensors(classifier_attrs(gbc_trees, gbc_leaf), "class", gbc_trees, gbc_leaf, [float(gbc._raw_predict_init(np.zeros((1, 9))).ravel()[0])]),
                [2, 4], 9, input_type=TensorProto.DOUBLE, post_transform="LOGISTIC")
np.savetxt(os.path.join(out_folder, "cancer-gbc-double.proba.csv"), gbc.predict_proba(filled)[:, 1], fmt="%.9g")
# skl2onnx's binary random forest: class-1 probability / trees as the weight of class 0, no post transform.
rf_trees = [(t, e.tree_) for t, e in enumerate(rfc.estimators_)]
rf_binary = lambda t, tree, n: [(0, tree.value[n][0][1] / tree.value[n][0].sum() / len(rf_trees))]
save_classifier("cancer-rf", classifier_attrs(rf_trees, rf_binary), [0, 1], 9)
# The same forest with both classes' probabilities (labels 0 and 1), and with class 1's only.
rf_both = lambda t, tree, n: [(c, tree.value[n][0][c] / tree.value[n][0].sum() / len(rf_trees)) for c in (0, 1)]
save_classifier("cancer-rf-both", classifier_attrs(rf_trees, rf_both), [0, 1], 9)
save_classifier("cancer-rf-both-logistic", classifier_attrs(rf_trees, rf_both), ["no", "yes"], 9, post_transform="LOGISTIC")
rf_one = lambda t, tree, n: [(1, tree.value[n][0][1] / tree.value[n][0].sum() / len(rf_trees))]
save_classifier("cancer-rf-class1", classifier_attrs(rf_trees, rf_one), [0, 1], 9)
gbc_one = lambda t, tree, n: [(1, tree.value[n][0][0] * rate)]
for post in ("NONE", "LOGISTIC", "SOFTMAX"):
    save_classifier("cancer-gbc-class1-" + post.lower(), classifier_attrs(gbc_trees, gbc_one), [0, 1], 9, zipmap=False, post_transform=post)
for post in ("SOFTMAX", "SOFTMAX_ZERO"):
    save_classifier("cancer-gbc-" + post.lower(), classifier_attrs(gbc_trees, gbc_leaf), [0, 1], 9, zipmap=False, base_values=gbc_base, post_transform=post)

iris = np.loadtxt(os.path.join(data_folder, "iris.txt"), skiprows=1)
ix, iy = iris[:, 1:].astype(np.float32), iris[:, 0].astype(int)
np.savetxt(os.path.join(out_folder, "iris-rows.csv"), ix, delimiter=",", header="f0,f1,f2,f3", comments="", fmt="%.9g")
igbc = GradientBoostingClassifier(n_estimators=15, max_depth=2, random_state=5).fit(ix, iy)
irf = RandomForestClassifier(n_estimators=10, max_depth=5, random_state=5).fit(ix, iy)
np.savetxt(os.path.join(out_folder, "iris-gbc.proba.csv"), igbc.predict_proba(ix), delimiter=",", fmt="%.9g")
np.savetxt(os.path.join(out_folder, "iris-rf.proba.csv"), irf.predict_proba(ix), delimiter=",", fmt="%.9g")
np.savetxt(os.path.join(out_folder, "iris-rf-sparse.proba.csv"), irf.predict_proba(ix), delimiter=",", fmt="%.9g")
# skl2onnx's multiclass gradient boosting: tree i*K+c carries class c, K base values, SOFTMAX.
igbc_trees = [(i * 3 + c, igbc.estimators_[i][c].tree_) for i in range(igbc.n_estimators_) for c in range(3)]
igbc_leaf = lambda t, tree, n: [(t % 3, tree.value[n][0][0] * igbc.learning_rate)]
igbc_base = [float(np.float32(v)) for v in igbc._raw_predict_init(np.zeros((1, 4))).ravel()]
iris_labels = ["setosa", "versicolor", "virginica"]
save_classifier("iris-gbc", classifier_attrs(igbc_trees, igbc_leaf), iris_labels, 4, base_values=igbc_base, post_transform="SOFTMAX")
for post in ("NONE", "LOGISTIC", "SOFTMAX_ZERO", "PROBIT"):
    save_classifier("iris-gbc-" + post.lower(), classifier_attrs(igbc_trees, igbc_leaf), [10, 20, 30], 4, zipmap=False, base_values=igbc_base, post_transform=post)
# skl2onnx's multiclass random forest: every class's probability / trees at every leaf, no post transform.
irf_trees = [(t, e.tree_) for t, e in enumerate(irf.estimators_)]
irf_leaf = lambda t, tree, n: [(c, tree.value[n][0][c] / tree.value[n][0].sum() / len(irf_trees)) for c in range(3)]
save_classifier("iris-rf", classifier_attrs(irf_trees, irf_leaf), [0, 1, 2], 4)
# The random forest with its zero weights left out (as older converters write it): a class gets no weight on some rows,
# which ONNX Runtime leaves out of their label; with every weight above 0 that is the label of the largest score.
irf_nonzero = lambda t, tree, n: [(c, w) for c, w in irf_leaf(t, tree, n) if w != 0] or [(0, 0.0)]
save_classifier("iris-rf-sparse", classifier_attrs(irf_trees, irf_nonzero), [0, 1, 2], 4)
# Refused: two base values on two classes; a class some rows get no weight for, with weights below 0 (the unweighted
# class's 0 would then outrank the scored ones in DbScoring, not in ONNX Runtime).
save_classifier("refused-two-bases", classifier_attrs(gbc_trees, gbc_leaf), [0, 1], 9, base_values=gbc_base * 2, post_transform="LOGISTIC")
save_classifier("refused-unscored-class", classifier_attrs(irf_trees, lambda t, tree, n: [(c, -w) for c, w in irf_nonzero(t, tree, n)]), [0, 1, 2], 4)
# Regressors with an AVERAGE (no base value) and PROBIT on a single target.
save("average", [helper.make_node("TreeEnsembleRegressor", ["input"], ["score"], domain="ai.onnx.ml", name="trees", n_targets=1,
                                  aggregate_function="AVERAGE", **nodes("BRANCH_LEQ", False))])


# --- pipelines: pre-processing operators in front of linear models and trees, as skl2onnx writes them ----------------
def save_graph(name, nodes, inputs, outputs, initializers=(), ml_opset=3):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(initializers))
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", ml_opset)],
                                   producer_name="DbScoring tests (python3-onnx)", producer_version="1.0")
    onnx_model.ir_version = 8
    with open(os.path.join(out_folder, name + ".onnx"), "wb") as f:
        f.write(onnx_model.SerializeToString())


def zipped_output(name, labels):
    zipped = TypeProto()
    zipped.sequence_type.elem_type.map_type.key_type = TensorProto.STRING if isinstance(labels[0], str) else TensorProto.INT64
    zipped.sequence_type.elem_type.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
    return helper.make_value_info(name, zipped)


# SimpleImputer(median) + StandardScaler + LogisticRegression on breast-cancer (one score, LOGISTIC), ZipMap.
mean, std = filled.mean(axis=0), filled.std(axis=0)
scaled = (filled - mean) / std
lr = LogisticRegression(max_iter=500).fit(scaled, cancer_label)
np.savetxt(os.path.join(out_folder, "cancer-lr.proba.csv"), lr.predict_proba(scaled)[:, 1], fmt="%.9g")
save_graph("cancer-lr", [
    helper.make_node("Imputer", ["input"], ["imputed"], domain="ai.onnx.ml", name="imputer", imputed_value_floats=[float(v) for v in medians], replaced_value_float=float("nan")),
    helper.make_node("Scaler", ["imputed"], ["scaled"], domain="ai.onnx.ml", name="scaler", offset=[float(v) for v in mean], scale=[float(1 / v) for v in std]),
    helper.make_node("LinearClassifier", ["scaled"], ["label", "probability_tensor"], domain="ai.onnx.ml", name="linear", classlabels_ints=[0, 1],
                     coefficients=[float(v) for v in lr.coef_.ravel()], intercepts=[float(lr.intercept_[0])], post_transform="LOGISTIC"),
    helper.make_node("ZipMap", ["probability_tensor"], ["probabilities"], domain="ai.onnx.ml", name="zipmap", classlabels_int64s=[0, 1])],
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 9])],
    [helper.make_tensor_value_info("label", TensorProto.INT64, [None]), zipped_output("probabilities", [0, 1])])
# A ColumnTransformer over one [N, 9] input, as skl2onnx writes it: ArrayFeatureExtractor takes columns 0, 2, 4 to a
# StandardScaler, Gather (axis 1) columns 8, 1, 3 to a SimpleImputer; Concat; LinearRegression.
picked, gathered = [0, 2, 4], [8, 1, 3]
smean, sstd = filled[:, picked].mean(axis=0), filled[:, picked].std(axis=0)
selected = np.hstack([(filled[:, picked] - smean) / sstd, filled[:, gathered]])
sreg = LinearRegression().fit(selected, y)
np.savetxt(os.path.join(out_folder, "cancer-select.csv"), sreg.predict(selected), fmt="%.9g")
save_graph("cancer-select", [
    helper.make_node("ArrayFeatureExtractor", ["input", "picked"], ["picked_columns"], domain="ai.onnx.ml", name="extractor"),
    helper.make_node("Scaler", ["picked_columns"], ["scaled"], domain="ai.onnx.ml", name="scaler", offset=[float(v) for v in smean], scale=[float(1 / v) for v in sstd]),
    helper.make_node("Gather", ["input", "gathered"], ["gathered_columns"], name="gather", axis=1),
    helper.make_node("Imputer", ["gathered_columns"], ["imputed"], domain="ai.onnx.ml", name="imputer", imputed_value_floats=[float(medians[j]) for j in gathered], replaced_value_float=float("nan")),
    helper.make_node("Concat", ["scaled", "imputed"], ["features"], name="concat", axis=1),
    helper.make_node("LinearRegressor", ["features"], ["variable"], domain="ai.onnx.ml", name="linear",
                     coefficients=[float(v) for v in sreg.coef_], intercepts=[float(sreg.intercept_)])],
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 9])],
    [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])],
    [helper.make_tensor("picked", TensorProto.INT64, [3], picked), helper.make_tensor("gathered", TensorProto.INT64, [3], gathered)])
# Linear models written with the standard operators, as PyTorch or hand-built exports write them:
# LogisticRegression on breast-cancer as Gemm(X, W, C; transB = 1) + Sigmoid; multinomial LogisticRegression on iris as
# MatMul + Add + Softmax, with ArgMax of the raw scores as the label; LinearRegression on iris as MatMul − (−intercept).
glr = LogisticRegression(max_iter=5000).fit(filled, cancer_label)
np.savetxt(os.path.join(out_folder, "gemm-logistic.proba.csv"), glr.predict_proba(filled)[:, 1], fmt="%.9g")
save_graph("gemm-logistic", [
    helper.make_node("Gemm", ["input", "weights", "intercept"], ["logit"], name="gemm", transB=1),
    helper.make_node("Sigmoid", ["logit"], ["probability"], name="sigmoid")],
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 9])],
    [helper.make_tensor_value_info("probability", TensorProto.FLOAT, [None, 1])],
    [helper.make_tensor("weights", TensorProto.FLOAT, [1, 9], [float(v) for v in glr.coef_.ravel()]),
     helper.make_tensor("intercept", TensorProto.FLOAT, [1], [float(glr.intercept_[0])])])
mlr = LogisticRegression(max_iter=5000).fit(ix, iy)
np.savetxt(os.path.join(out_folder, "matmul-softmax.proba.csv"), mlr.predict_proba(ix), delimiter=",", fmt="%.9g")
save_graph("matmul-softmax", [
    helper.make_node("MatMul", ["input", "weights"], ["product"], name="matmul"),
    helper.make_node("Add", ["product", "intercepts"], ["logits"], name="add"),
    helper.make_node("Softmax", ["logits"], ["probabilities"], name="softmax", axis=1),
    helper.make_node("ArgMax", ["logits"], ["label"], name="argmax", axis=1, keepdims=0)],
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 4])],
    [helper.make_tensor_value_info("label", TensorProto.INT64, [None]), helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 3])],
    [helper.make_tensor("weights", TensorProto.FLOAT, [4, 3], [float(v) for v in mlr.coef_.T.ravel()]),
     helper.make_tensor("intercepts", TensorProto.FLOAT, [3], [float(v) for v in mlr.intercept_])])
mreg = LinearRegression().fit(ix[:, :3], ix[:, 3])
np.savetxt(os.path.join(out_folder, "matmul-regression.csv"), mreg.predict(ix[:, :3]), fmt="%.9g")
save_graph("matmul-regression", [
    helper.make_node("MatMul", ["input", "weights"], ["product"], name="matmul"),
    helper.make_node("Sub", ["product", "minus_intercept"], ["variable"], name="sub")],
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 3])],
    [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])],
    [helper.make_tensor("weights", TensorProto.FLOAT, [3, 1], [float(v) for v in mreg.coef_]),
     helper.make_tensor("minus_intercept", TensorProto.FLOAT, [1], [float(-mreg.intercept_)])])
save_graph("refused-gemm-alpha", [helper.make_node("Gemm", ["input", "weights", "intercept"], ["logit"], name="gemm", transB=1, alpha=2.0)],
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 9])], [helper.make_tensor_value_info("logit", TensorProto.FLOAT, [None, 1])],
    [helper.make_tensor("weights", TensorProto.FLOAT, [1, 9], [float(v) for v in glr.coef_.ravel()]), helper.make_tensor("intercept", TensorProto.FLOAT, [1], [0.0])])
# StandardScaler + multinomial LogisticRegression on iris (one score per class, SOFTMAX), string labels, no ZipMap.
imean, istd = ix.mean(axis=0), ix.std(axis=0)
ilr = LogisticRegression(max_iter=1000).fit((ix - imean) / istd, iy)
np.savetxt(os.path.join(out_folder, "iris-lr.proba.csv"), ilr.predict_proba((ix - imean) / istd), delimiter=",", fmt="%.9g")
save_graph("iris-lr", [
    helper.make_node("Scaler", ["input"], ["scaled"], domain="ai.onnx.ml", name="scaler", offset=[float(v) for v in imean], scale=[float(1 / v) for v in istd]),
    helper.make_node("LinearClassifier", ["scaled"], ["label", "probabilities"], domain="ai.onnx.ml", name="linear", classlabels_strings=iris_labels,
                     coefficients=[float(v) for v in ilr.coef_.ravel()], intercepts=[float(v) for v in ilr.intercept_], post_transform="SOFTMAX", multi_class=1)],
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 4])],
    [helper.make_tensor_value_info("label", TensorProto.STRING, [None]), helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 3])])
# LinearRegression on iris petal width from the other three columns (one input per column, Concat).
reg = LinearRegression().fit(ix[:, :3], ix[:, 3])
np.savetxt(os.path.join(out_folder, "iris-linreg.csv"), reg.predict(ix[:, :3]), fmt="%.9g")
save_graph("iris-linreg", [
    helper.make_node("Concat", ["sepal_length", "sepal_width", "petal_length"], ["features"], name="concat", axis=1),
    helper.make_node("LinearRegressor", ["features"], ["variable"], domain="ai.onnx.ml", name="linear",
                     coefficients=[float(v) for v in reg.coef_], intercepts=[float(reg.intercept_)])],
    [helper.make_tensor_value_info(n, TensorProto.FLOAT, [None, 1]) for n in ("sepal_length", "sepal_width", "petal_length")],
    [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])])

# ColumnTransformer on adult: numbers imputed and scaled, categories one-hot encoded (each [N, 1] → [N, 1, C] → Reshape),
# concatenated, then a gradient-boosting classifier; one input per column, text inputs for the categories.
numeric, categorical = ["age", "education-num", "hours-per-week"], ["workclass", "marital-status", "relationship"]
with open(os.path.join(data_folder, "adult.txt")) as f:
    header = [h.strip() for h in f.readline().split(",")]
    adult = [[v.strip() for v in line.split(",")] for line in f if line.strip()][:4000]
col = {h: i for i, h in enumerate(header)}
an = np.array([[float(r[col[c]]) for c in numeric] for r in adult], dtype=np.float32)
ac = [[r[col[c]] for c in categorical] for r in adult]
alabel = np.array([int(r[col["label(IsOver50K)"]]) for r in adult])
cats = [sorted({r[j] for r in ac}) for j in range(len(categorical))]
amean, astd = an.mean(axis=0), an.std(axis=0)
onehot = np.array([[1.0 if r[j] == c else 0.0 for j in range(len(categorical)) for c in cats[j]] for r in ac], dtype=np.float32)
afeatures = np.hstack([((an - amean) / astd).astype(np.float32), onehot])
agbc = GradientBoostingClassifier(n_estimators=25, max_depth=3, random_state=5).fit(afeatures, alabel)
with open(os.path.join(out_folder, "adult-rows.csv"), "w") as f:
    f.write(",".join(numeric + categorical) + "\n")
    for i, r in enumerate(ac):
        f.write(",".join(["%.9g" % v for v in an[i]] + r) + "\n")
np.savetxt(os.path.join(out_folder, "adult-ct.proba.csv"), agbc.predict_proba(afeatures)[:, 1], fmt="%.9g")
nodes = [helper.make_node("Concat", numeric, ["numbers"], name="concat_numbers", axis=1),
         helper.make_node("Scaler", ["numbers"], ["scaled"], domain="ai.onnx.ml", name="scaler", offset=[float(v) for v in amean], scale=[float(1 / v) for v in astd])]
parts = ["scaled"]
for j, c in enumerate(categorical):
    nodes.append(helper.make_node("OneHotEncoder", [c], [c + "_onehot3d"], domain="ai.onnx.ml", name="onehot_" + c, cats_strings=cats[j], zeros=1))
    nodes.append(helper.make_node("Reshape", [c + "_onehot3d", "shape_" + c], [c + "_onehot"], name="reshape_" + c))
    parts.append(c + "_onehot")
nodes.append(helper.make_node("Concat", parts, ["features"], name="concat_features", axis=1))
agbc_trees = [(t, e.tree_) for t, e in enumerate(agbc.estimators_[:, 0])]
agbc_leaf = lambda t, tree, n: [(0, tree.value[n][0][0] * agbc.learning_rate)]
nodes.append(helper.make_node("TreeEnsembleClassifier", ["features"], ["label", "probability_tensor"], domain="ai.onnx.ml", name="classifier",
                              classlabels_int64s=[0, 1], base_values=[float(np.float32(agbc._raw_predict_init(np.zeros((1, afeatures.shape[1]))).ravel()[0]))],
                              post_transform="LOGISTIC", **classifier_attrs(agbc_trees, agbc_leaf)))
nodes.append(helper.make_node("ZipMap", ["probability_tensor"], ["probabilities"], domain="ai.onnx.ml", name="zipmap", classlabels_int64s=[0, 1]))
shapes = [helper.make_tensor("shape_" + c, TensorProto.INT64, [2], [-1, len(cats[j])]) for j, c in enumerate(categorical)]
save_graph("adult-ct", nodes,
           [helper.make_tensor_value_info(c, TensorProto.FLOAT, [None, 1]) for c in numeric] + [helper.make_tensor_value_info(c, TensorProto.STRING, [None, 1]) for c in categorical],
           [helper.make_tensor_value_info("label", TensorProto.INT64, [None]), zipped_output("probabilities", [0, 1])], shapes)

# --- pre-processing operators that became runtime transforms in session 5 (Normalizer, Binarizer, Div, LabelEncoder in
# front of a predictor) and regressors with several targets. skl2onnx is not available, so these are written the way
# skl2onnx (Normalizer, Binarizer, OrdinalEncoder, multi-output RandomForestRegressor, LinearRegression) and PyTorch
# ((x − mean) / std in front of a linear layer) lay them out, from real scikit-learn models.
from sklearn.ensemble import RandomForestRegressor


def slot_model(name, front, front_output, slot, features, initializers=()):
    """`front` nodes, then slot `slot` of their output scored as x · 1 + 0 (exact in ONNX Runtime and DbScoring): the
    parity gate then compares that slot of the pre-processing itself."""
    save_graph(name, front + [
        helper.make_node("ArrayFeatureExtractor", [front_output, "slot"], ["picked"], domain="ai.onnx.ml", name="extractor"),
        helper.make_node("LinearRegressor", ["picked"], ["variable"], domain="ai.onnx.ml", name="linear", coefficients=[1.0], intercepts=[0.0])],
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, features])],
        [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])],
        list(initializers) + [helper.make_tensor("slot", TensorProto.INT64, [1], [slot])])


for norm in ("MAX", "L1", "L2"):
    for j in range(4):
        slot_model(f"exact-normalizer-{norm.lower()}-{j}", [helper.make_node("Normalizer", ["input"], ["normalized"], domain="ai.onnx.ml", name="normalizer", norm=norm)], "normalized", j, 4)
for j in range(4):
    slot_model(f"exact-div-{j}", [helper.make_node("Div", ["input", "divisors"], ["divided"], name="div")], "divided", j, 4,
               [helper.make_tensor("divisors", TensorProto.FLOAT, [4], [3.0, 7.0, 10.0, 0.1])])
    slot_model(f"exact-binarizer-{j}", [helper.make_node("Binarizer", ["input"], ["binary"], domain="ai.onnx.ml", name="binarizer")], "binary", j, 4)
save_graph("refused-div-int", [
    helper.make_node("Div", ["counts", "two"], ["half"], name="div"),
    helper.make_node("Cast", ["half"], ["halves"], name="cast", to=TensorProto.FLOAT),
    helper.make_node("LinearRegressor", ["halves"], ["variable"], domain="ai.onnx.ml", name="linear", coefficients=[1.0] * 4, intercepts=[0.0])],
    [helper.make_tensor_value_info("counts", TensorProto.INT64, [None, 4])], [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])],
    [helper.make_tensor("two", TensorProto.INT64, [1], [2])])

# SimpleImputer + Normalizer(l2) + LogisticRegression on breast-cancer; Normalizer(max) + multinomial LogisticRegression
# on iris; SimpleImputer + Normalizer(l1) + GradientBoostingRegressor on breast-cancer (trees split on normalized values).
from sklearn.preprocessing import normalize
ncancer = normalize(filled, norm="l2")
nlr = LogisticRegression(max_iter=5000).fit(ncancer, cancer_label)
np.savetxt(os.path.join(out_folder, "cancer-normalizer-lr.proba.csv"), nlr.predict_proba(ncancer)[:, 1], fmt="%.9g")
save_graph("cancer-normalizer-lr", [
    helper.make_node("Imputer", ["input"], ["imputed"], domain="ai.onnx.ml", name="imputer", imputed_value_floats=[float(v) for v in medians], replaced_value_float=float("nan")),
    helper.make_node("Normalizer", ["imputed"], ["normalized"], domain="ai.onnx.ml", name="normalizer", norm="L2"),
    helper.make_node("LinearClassifier", ["normalized"], ["label", "probability_tensor"], domain="ai.onnx.ml", name="linear", classlabels_ints=[0, 1],
                     coefficients=[float(v) for v in nlr.coef_.ravel()], intercepts=[float(nlr.intercept_[0])], post_transform="LOGISTIC"),
    helper.make_node("ZipMap", ["probability_tensor"], ["probabilities"], domain="ai.onnx.ml", name="zipmap", classlabels_int64s=[0, 1])],
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 9])],
    [helper.make_tensor_value_info("label", TensorProto.INT64, [None]), zipped_output("probabilities", [0, 1])])
niris = normalize(ix, norm="max")
nilr = LogisticRegression(max_iter=5000).fit(niris, iy)
np.savetxt(os.path.join(out_folder, "iris-normalizer-lr.proba.csv"), nilr.predict_proba(niris), delimiter=",", fmt="%.9g")
save_graph("iris-normalizer-lr", [
    helper.make_node("Normalizer", ["input"], ["normalized"], domain="ai.onnx.ml", name="normalizer", norm="MAX"),
    helper.make_node("LinearClassifier", ["normalized"], ["label", "probabilities"], domain="ai.onnx.ml", name="linear", classlabels_ints=[0, 1, 2],
                     coefficients=[float(v) for v in nilr.coef_.ravel()], intercepts=[float(v) for v in nilr.intercept_], post_transform="SOFTMAX", multi_class=1)],
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 4])],
    [helper.make_tensor_value_info("label", TensorProto.INT64, [None]), helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 3])])
l1cancer = normalize(filled, norm="l1").astype(np.float32)
ngbr = GradientBoostingRegressor(n_estimators=30, max_depth=3, random_state=6).fit(l1cancer, y)
save_graph("cancer-normalizer-gbr", [
    helper.make_node("Imputer", ["input"], ["imputed"], domain="ai.onnx.ml", name="imputer", imputed_value_floats=[float(v) for v in medians], replaced_value_float=float("nan")),
    helper.make_node("Normalizer", ["imputed"], ["normalized"], domain="ai.onnx.ml", name="normalizer", norm="L1"),
    helper.make_node("TreeEnsembleRegressor", ["normalized"], ["variable"], domain="ai.onnx.ml", name="trees", n_targets=1,
                     base_values=[float(np.float32(ngbr.init_.constant_[0][0]))], aggregate_function="SUM", **tree_nodes("BRANCH_LEQ", False, ngbr))],
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 9])],
    [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])])

# SimpleImputer + Binarizer(threshold 3) + LogisticRegression on breast-cancer (features 1..10: "above 3").
bcancer = (filled > 3).astype(np.float32)
blr = LogisticRegression(max_iter=5000).fit(bcancer, cancer_label)
np.savetxt(os.path.join(out_folder, "cancer-binarizer-lr.proba.csv"), blr.predict_proba(bcancer)[:, 1], fmt="%.9g")
save_graph("cancer-binarizer-lr", [
    helper.make_node("Imputer", ["input"], ["imputed"], domain="ai.onnx.ml", name="imputer", imputed_value_floats=[float(v) for v in medians], replaced_value_float=float("nan")),
    helper.make_node("Binarizer", ["imputed"], ["binary"], domain="ai.onnx.ml", name="binarizer", threshold=3.0),
    helper.make_node("LinearClassifier", ["binary"], ["label", "probability_tensor"], domain="ai.onnx.ml", name="linear", classlabels_ints=[0, 1],
                     coefficients=[float(v) for v in blr.coef_.ravel()], intercepts=[float(blr.intercept_[0])], post_transform="LOGISTIC"),
    helper.make_node("ZipMap", ["probability_tensor"], ["probabilities"], domain="ai.onnx.ml", name="zipmap", classlabels_int64s=[0, 1])],
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 9])],
    [helper.make_tensor_value_info("label", TensorProto.INT64, [None]), zipped_output("probabilities", [0, 1])])

# PyTorch-style standardization in the graph: (x − mean) / std as Sub and Div, then a linear layer (Gemm) and Sigmoid.
dlr = LogisticRegression(max_iter=5000).fit((filled - mean) / std, cancer_label)
np.savetxt(os.path.join(out_folder, "cancer-div-gemm.proba.csv"), dlr.predict_proba((filled - mean) / std)[:, 1], fmt="%.9g")
save_graph("cancer-div-gemm", [
    helper.make_node("Sub", ["input", "mean"], ["centered"], name="sub"),
    helper.make_node("Div", ["centered", "std"], ["standardized"], name="div"),
    helper.make_node("Gemm", ["standardized", "weights", "intercept"], ["logit"], name="gemm", transB=1),
    helper.make_node("Sigmoid", ["logit"], ["probability"], name="sigmoid")],
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 9])],
    [helper.make_tensor_value_info("probability", TensorProto.FLOAT, [None, 1])],
    [helper.make_tensor("mean", TensorProto.FLOAT, [9], [float(v) for v in mean]), helper.make_tensor("std", TensorProto.FLOAT, [9], [float(v) for v in std]),
     helper.make_tensor("weights", TensorProto.FLOAT, [1, 9], [float(v) for v in dlr.coef_.ravel()]),
     helper.make_tensor("intercept", TensorProto.FLOAT, [1], [float(dlr.intercept_[0])])])

# OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1) on adult's categories + GradientBoostingClassifier,
# as skl2onnx writes it: per column LabelEncoder (keys_strings → values_int64s, default −1) and Cast to float, Concat.
# And a target encoding (each category → the mean label of its rows, unseen → the overall mean) into a
# LogisticRegression, with LabelEncoder 4's tensor attributes (keys_tensor, values_tensor, default_tensor).
acodes = np.array([[float(cats[j].index(r[j])) for j in range(len(categorical))] for r in ac], dtype=np.float32)
ofeatures = np.hstack([an, acodes])
ogbc = GradientBoostingClassifier(n_estimators=25, max_depth=3, random_state=7).fit(ofeatures, alabel)
np.savetxt(os.path.join(out_folder, "adult-ordinal.proba.csv"), ogbc.predict_proba(ofeatures)[:, 1], fmt="%.9g")
nodes_o = [helper.make_node("Concat", numeric, ["numbers"], name="concat_numbers", axis=1)]
parts = ["numbers"]
for j, c in enumerate(categorical):
    nodes_o.append(helper.make_node("LabelEncoder", [c], [c + "_code"], domain="ai.onnx.ml", name="ordinal_" + c, keys_strings=cats[j],
                                    values_int64s=list(range(len(cats[j]))), default_int64=-1))
    nodes_o.append(helper.make_node("Cast", [c + "_code"], [c + "_number"], name="cast_" + c, to=TensorProto.FLOAT))
    parts.append(c + "_number")
nodes_o.append(helper.make_node("Concat", parts, ["features"], name="concat_features", axis=1))
ogbc_trees = [(t, e.tree_) for t, e in enumerate(ogbc.estimators_[:, 0])]
ogbc_leaf = lambda t, tree, n: [(0, tree.value[n][0][0] * ogbc.learning_rate)]
nodes_o.append(helper.make_node("TreeEnsembleClassifier", ["features"], ["label", "probability_tensor"], domain="ai.onnx.ml", name="classifier",
                                classlabels_int64s=[0, 1], base_values=[float(np.float32(ogbc._raw_predict_init(np.zeros((1, ofeatures.shape[1]))).ravel()[0]))],
                                post_transform="LOGISTIC", **classifier_attrs(ogbc_trees, ogbc_leaf)))
nodes_o.append(helper.make_node("ZipMap", ["probability_tensor"], ["probabilities"], domain="ai.onnx.ml", name="zipmap", classlabels_int64s=[0, 1]))
adult_inputs = [helper.make_tensor_value_info(c, TensorProto.FLOAT, [None, 1]) for c in numeric] + [helper.make_tensor_value_info(c, TensorProto.STRING, [None, 1]) for c in categorical]
save_graph("adult-ordinal", nodes_o, adult_inputs, [helper.make_tensor_value_info("label", TensorProto.INT64, [None]), zipped_output("probabilities", [0, 1])])

means = [{k: float(np.float32(alabel[[r[j] == k for r in ac]].mean())) for k in cats[j]} for j in range(len(categorical))]
overall = float(np.float32(alabel.mean()))
tcodes = np.array([[means[j][r[j]] for j in range(len(categorical))] for r in ac], dtype=np.float32)
tfeatures = np.hstack([((an - amean) / astd).astype(np.float32), tcodes])
tlr = LogisticRegression(max_iter=5000).fit(tfeatures, alabel)
np.savetxt(os.path.join(out_folder, "adult-target-encoded.proba.csv"), tlr.predict_proba(tfeatures)[:, 1], fmt="%.9g")
nodes_t = [helper.make_node("Concat", numeric, ["numbers"], name="concat_numbers", axis=1),
           helper.make_node("Scaler", ["numbers"], ["scaled"], domain="ai.onnx.ml", name="scaler", offset=[float(v) for v in amean], scale=[float(1 / v) for v in astd])]
parts = ["scaled"]
for j, c in enumerate(categorical):
    keys = sorted(means[j])
    nodes_t.append(helper.make_node("LabelEncoder", [c], [c + "_mean"], domain="ai.onnx.ml", name="target_" + c,
                                    keys_tensor=helper.make_tensor("keys", TensorProto.STRING, [len(keys)], [k.encode() for k in keys]),
                                    values_tensor=helper.make_tensor("values", TensorProto.FLOAT, [len(keys)], [means[j][k] for k in keys]),
                                    default_tensor=helper.make_tensor("default", TensorProto.FLOAT, [1], [overall])))
    parts.append(c + "_mean")
nodes_t.append(helper.make_node("Concat", parts, ["features"], name="concat_features", axis=1))
nodes_t.append(helper.make_node("LinearClassifier", ["features"], ["label", "probability_tensor"], domain="ai.onnx.ml", name="linear", classlabels_ints=[0, 1],
                                coefficients=[float(v) for v in tlr.coef_.ravel()], intercepts=[float(tlr.intercept_[0])], post_transform="LOGISTIC"))
nodes_t.append(helper.make_node("ZipMap", ["probability_tensor"], ["probabilities"], domain="ai.onnx.ml", name="zipmap", classlabels_int64s=[0, 1]))
save_graph("adult-target-encoded", nodes_t, adult_inputs, [helper.make_tensor_value_info("label", TensorProto.INT64, [None]), zipped_output("probabilities", [0, 1])], ml_opset=4)

# Two targets: a multi-output RandomForestRegressor (petal length and width from the sepals, skl2onnx's layout: each
# leaf one weight per target, value / n_estimators, SUM) and a two-target LinearRegression, converted one target at a time.
two = ix[:, 2:4]
rf2 = RandomForestRegressor(n_estimators=8, max_depth=5, random_state=8).fit(ix[:, :2], two)
np.savetxt(os.path.join(out_folder, "iris-rf-2targets.csv"), rf2.predict(ix[:, :2]), delimiter=",", fmt="%.9g")
rf2_attrs = classifier_attrs(list(enumerate(e.tree_ for e in rf2.estimators_)),
                             lambda t, tree, n: [(k, tree.value[n][k][0] / len(rf2.estimators_)) for k in range(2)], weights="target")
save_graph("iris-rf-2targets", [helper.make_node("TreeEnsembleRegressor", ["input"], ["variable"], domain="ai.onnx.ml", name="forest", n_targets=2,
                                                 aggregate_function="SUM", **rf2_attrs)],
           [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 2])], [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 2])])
lr2 = LinearRegression().fit(ix[:, :2], two)
np.savetxt(os.path.join(out_folder, "iris-linreg-2targets.csv"), lr2.predict(ix[:, :2]), delimiter=",", fmt="%.9g")
save_graph("iris-linreg-2targets", [helper.make_node("LinearRegressor", ["input"], ["variable"], domain="ai.onnx.ml", name="linear", targets=2,
                                                     coefficients=[float(v) for v in lr2.coef_.ravel()], intercepts=[float(v) for v in lr2.intercept_])],
           [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 2])], [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 2])])
np.savetxt(os.path.join(out_folder, "iris-rows2.csv"), ix[:, :2], delimiter=",", header="f0,f1", comments="", fmt="%.9g")


# CastMap (SPARSE, max_map 9) of a map(int64, float) input — one map per row, key k = feature k — before the breast-cancer
# gradient-boosting regressor; and the DENSE form, which DbScoring refuses. No producer writes this here (skl2onnx's
# DictVectorizer is its own operator), so the graph is written with python3-onnx.
mapped = TypeProto()
mapped.map_type.key_type = TensorProto.INT64
mapped.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
for form, name in (("SPARSE", "cancer-castmap"), ("DENSE", "refused-castmap-dense")):
    graph = helper.make_graph([
        helper.make_node("CastMap", ["features"], ["dense"], domain="ai.onnx.ml", name="castmap", cast_to="TO_FLOAT", map_form=form, max_map=9),
        helper.make_node("TreeEnsembleRegressor", ["dense"], ["score"], domain="ai.onnx.ml", name="trees", n_targets=1,
                         base_values=base, aggregate_function="SUM", post_transform="NONE", **tree_nodes("BRANCH_LEQ", False))],
        name, [helper.make_value_info("features", mapped)], [helper.make_tensor_value_info("score", TensorProto.FLOAT, [1, 1])])
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 3)],
                                   producer_name="DbScoring tests (python3-onnx)", producer_version="1.0")
    onnx_model.ir_version = 8
    with open(os.path.join(out_folder, name + ".onnx"), "wb") as f:
        f.write(onnx_model.SerializeToString())

# OneHotEncoder(cats_int64s) directly on an int64 input (skl2onnx's OneHotEncoder over integer categories): adult's
# education-num as an int64 column, one-hot, beside age, into gradient boosting.
edu = np.array([int(float(r[col["education-num"]])) for r in adult])
edu_cats = sorted(set(edu.tolist()))
ifeatures = np.hstack([an[:, :1], np.array([[1.0 if e == k else 0.0 for k in edu_cats] for e in edu], dtype=np.float32)])
igbc2 = GradientBoostingClassifier(n_estimators=20, max_depth=3, random_state=9).fit(ifeatures, alabel)
igbc2_trees = [(t, e.tree_) for t, e in enumerate(igbc2.estimators_[:, 0])]
save_graph("adult-int-onehot", [
    helper.make_node("OneHotEncoder", ["education-num"], ["edu_onehot3d"], domain="ai.onnx.ml", name="onehot", cats_int64s=edu_cats, zeros=1),
    helper.make_node("Reshape", ["edu_onehot3d", "edu_shape"], ["edu_onehot"], name="reshape"),
    helper.make_node("Concat", ["age", "edu_onehot"], ["features"], name="concat", axis=1),
    helper.make_node("TreeEnsembleClassifier", ["features"], ["label", "probability_tensor"], domain="ai.onnx.ml", name="classifier", classlabels_int64s=[0, 1],
                     base_values=[float(np.float32(igbc2._raw_predict_init(np.zeros((1, ifeatures.shape[1]))).ravel()[0]))], post_transform="LOGISTIC",
                     **classifier_attrs(igbc2_trees, lambda t, tree, n: [(0, tree.value[n][0][0] * igbc2.learning_rate)])),
    helper.make_node("ZipMap", ["probability_tensor"], ["probabilities"], domain="ai.onnx.ml", name="zipmap", classlabels_int64s=[0, 1])],
    [helper.make_tensor_value_info("age", TensorProto.FLOAT, [None, 1]), helper.make_tensor_value_info("education-num", TensorProto.INT64, [None, 1])],
    [helper.make_tensor_value_info("label", TensorProto.INT64, [None]), zipped_output("probabilities", [0, 1])],
    [helper.make_tensor("edu_shape", TensorProto.INT64, [2], [-1, len(edu_cats)])])

# The oldest opsets the issue names: opset 9 and ai.onnx.ml 1 (SimpleImputer + StandardScaler + LogisticRegression).
graph = helper.make_graph([
    helper.make_node("Imputer", ["input"], ["imputed"], domain="ai.onnx.ml", name="imputer", imputed_value_floats=[float(v) for v in medians], replaced_value_float=float("nan")),
    helper.make_node("Scaler", ["imputed"], ["scaled"], domain="ai.onnx.ml", name="scaler", offset=[float(v) for v in mean], scale=[float(1 / v) for v in std]),
    helper.make_node("LinearClassifier", ["scaled"], ["label", "probability_tensor"], domain="ai.onnx.ml", name="linear", classlabels_ints=[0, 1],
                     coefficients=[float(v) for v in lr.coef_.ravel()], intercepts=[float(lr.intercept_[0])], post_transform="LOGISTIC"),
    helper.make_node("ZipMap", ["probability_tensor"], ["probabilities"], domain="ai.onnx.ml", name="zipmap", classlabels_int64s=[0, 1])],
    "cancer-lr-opset9", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 9])],
    [helper.make_tensor_value_info("label", TensorProto.INT64, [None]), zipped_output("probabilities", [0, 1])])
onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 9), helper.make_opsetid("ai.onnx.ml", 1)],
                               producer_name="DbScoring tests (python3-onnx)", producer_version="1.0")
onnx_model.ir_version = 4
with open(os.path.join(out_folder, "cancer-lr-opset9.onnx"), "wb") as f:
    f.write(onnx_model.SerializeToString())
np.savetxt(os.path.join(out_folder, "cancer-lr-opset9.proba.csv"), lr.predict_proba(scaled)[:, 1], fmt="%.9g")

# Input names from the model's metadata ("feature_names", comma-separated), as some exporters record them.
named = helper.make_model(helper.make_graph([helper.make_node("TreeEnsembleRegressor", ["input"], ["score"], domain="ai.onnx.ml", name="trees", n_targets=1,
                                                              base_values=base, aggregate_function="SUM", **tree_nodes("BRANCH_LEQ", False))],
                                            "leq-named", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 9])],
                                            [helper.make_tensor_value_info("score", TensorProto.FLOAT, [None, 1])]),
                          opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 3)], producer_name="DbScoring tests (python3-onnx)", producer_version="1.0")
named.ir_version = 8
helper.set_model_props(named, {"feature_names": "thickness, size, shape, adhesion, epithelial, nuclei, chromatin, nucleoli, mitoses"})
with open(os.path.join(out_folder, "leq-named.onnx"), "wb") as f:
    f.write(named.SerializeToString())

print("built")
