# Builds the ONNX test models of the conversion tests. skl2onnx and onnxmltools (the usual producers) are not
# available on this machine, so the models are built here with Debian's python3-onnx from a real scikit-learn
# GradientBoostingRegressor trained on the breast-cancer data; the same trees are written in each node mode
# (BRANCH_LEQ, LT, GTE, GT) with and without missing-value tracks, plus graphs DbScoring must refuse.
# Arguments: data folder, output folder. Writes NAME.onnx, rows.csv (header f0..f8) and sklearn.csv (sklearn's
# predictions for the rows, NaN replaced by the training medians first, as the model was trained).
import os
import sys

import numpy as np
from onnx import TensorProto, helper
from sklearn.ensemble import GradientBoostingRegressor

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


def nodes(mode, track):
    a = {k: [] for k in ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes", "nodes_truenodeids",
                         "nodes_falsenodeids", "nodes_missing_value_tracks_true", "target_treeids", "target_nodeids", "target_ids", "target_weights"]}
    for t, estimator in enumerate(model.estimators_[:, 0]):
        tree = estimator.tree_
        for n in range(tree.node_count):
            leaf = tree.children_left[n] == -1
            a["nodes_treeids"].append(t)
            a["nodes_nodeids"].append(n)
            a["nodes_featureids"].append(0 if leaf else int(tree.feature[n]))
            v = np.float32(tree.threshold[n])   # sklearn: x <= threshold goes left; ONNX stores a float
            left, right = int(tree.children_left[n]), int(tree.children_right[n])
            if leaf:
                a["nodes_values"].append(0.0); a["nodes_modes"].append("LEAF")
                a["nodes_truenodeids"].append(0); a["nodes_falsenodeids"].append(0); a["nodes_missing_value_tracks_true"].append(0)
                a["target_treeids"].append(t); a["target_nodeids"].append(n); a["target_ids"].append(0)
                a["target_weights"].append(float(np.float32(tree.value[n][0][0] * model.learning_rate)))
                continue
            if mode == "BRANCH_LEQ":
                value, true, false = v, left, right                                   # x <= v
            elif mode == "BRANCH_LT":
                value, true, false = np.nextafter(v, np.float32(np.inf)), left, right  # x < next(v)  ==  x <= v
            elif mode == "BRANCH_GT":
                value, true, false = v, right, left                                   # x > v
            else:
                value, true, false = np.nextafter(v, np.float32(np.inf)), right, left  # x >= next(v)  ==  x > v
            a["nodes_values"].append(float(value)); a["nodes_modes"].append(mode)
            a["nodes_truenodeids"].append(true); a["nodes_falsenodeids"].append(false)
            a["nodes_missing_value_tracks_true"].append(int(track and n % 2 == 0))
    return a


def save(name, graph_nodes, extra_inputs=()):
    graph = helper.make_graph(graph_nodes, name, [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 9])],
                              [helper.make_tensor_value_info(graph_nodes[-1].output[0], TensorProto.FLOAT, [None, 1])])
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
print("built")
