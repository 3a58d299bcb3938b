# XGBoost side of 'DbScoring.Benchmarks --xgboost': trains binary:logistic models (100 and 500 trees, depth 6) on the
# adult census numeric columns, saves them (model_N.json), writes the rows (rows.f32, float32 row-major, NaN =
# missing) and times XGBoost's own predictor on them: Booster.inplace_predict, one thread, median of 5 passes.
# It also writes each model as an ONNX TreeEnsembleRegressor (model_N.onnx, the margin) built with python3-onnx:
# onnxmltools (XGBoost's ONNX exporter) is not available here, so this script is the producer — a plain mapping
# (BRANCH_LT on XGBoost's condition, missing values along default_left, leaf weights as targets, base margin).
# Prints one JSON line per model.
import json
import os
import sys
import time

import numpy as np
import pandas as pd
import xgboost as xgb
from onnx import TensorProto, helper

data_folder, out_folder = sys.argv[1], sys.argv[2]
# --onnx-only (the ONNX benchmark): write the ONNX models and rows, skip timing XGBoost; also write linear.onnx, a
# scikit-learn LogisticRegression on the same columns as skl2onnx lays it out (Scaler + LinearClassifier, LOGISTIC).
onnx_only = len(sys.argv) > 3 and sys.argv[3] == "--onnx-only"
os.makedirs(out_folder, exist_ok=True)
frame = pd.read_csv(os.path.join(data_folder, "adult.txt"), sep=",", skipinitialspace=True, na_values=["?"])
label = frame.pop("label(IsOver50K)").astype(int).to_numpy()
numeric = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
x = frame[numeric].to_numpy(dtype=np.float32)
x.tofile(os.path.join(out_folder, "rows.f32"))


def to_onnx(booster, path):
    model = json.loads(booster.save_raw("json"))
    learner = model["learner"]
    base = float(learner["learner_model_param"]["base_score"])
    base_margin = float(-np.log(np.float32(1.0) / np.float32(base) - np.float32(1.0)))
    a = {k: [] for k in ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes",
                         "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true",
                         "target_treeids", "target_nodeids", "target_ids", "target_weights"]}
    for t, tree in enumerate(learner["gradient_booster"]["model"]["trees"]):
        for n, left in enumerate(tree["left_children"]):
            a["nodes_treeids"].append(t)
            a["nodes_nodeids"].append(n)
            leaf = left == -1
            a["nodes_featureids"].append(0 if leaf else tree["split_indices"][n])
            a["nodes_values"].append(0.0 if leaf else tree["split_conditions"][n])
            a["nodes_modes"].append("LEAF" if leaf else "BRANCH_LT")
            a["nodes_truenodeids"].append(0 if leaf else left)
            a["nodes_falsenodeids"].append(0 if leaf else tree["right_children"][n])
            a["nodes_missing_value_tracks_true"].append(0 if leaf else int(tree["default_left"][n]))
            if leaf:
                a["target_treeids"].append(t)
                a["target_nodeids"].append(n)
                a["target_ids"].append(0)
                a["target_weights"].append(tree["split_conditions"][n])
    node = helper.make_node("TreeEnsembleRegressor", ["input"], ["margin"], domain="ai.onnx.ml", n_targets=1,
                            base_values=[base_margin], aggregate_function="SUM", post_transform="NONE", **a)
    graph = helper.make_graph([node], "xgboost", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, len(numeric)])],
                              [helper.make_tensor_value_info("margin", TensorProto.FLOAT, [None, 1])])
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 3)],
                                   producer_name="DbScoring benchmark (python3-onnx)")
    onnx_model.ir_version = 8
    with open(path, "wb") as f:
        f.write(onnx_model.SerializeToString())


for trees in (100, 500):
    booster = xgb.train({"objective": "binary:logistic", "max_depth": 6, "eta": 0.1, "nthread": 1, "seed": 3},
                        xgb.DMatrix(frame[numeric], label=label), trees)
    booster.set_param({"nthread": 1})
    path = os.path.join(out_folder, f"model_{trees}.json")
    booster.save_model(path)
    to_onnx(booster, os.path.join(out_folder, f"model_{trees}.onnx"))
    if onnx_only:
        print(json.dumps({"model": f"model_{trees}.onnx", "description": f"XGBoost binary:logistic, {trees} trees, depth 6 (TreeEnsembleRegressor, margin)"}), flush=True)
        continue
    booster = xgb.Booster(model_file=path)
    booster.set_param({"nthread": 1})
    booster.inplace_predict(x)   # warm-up
    seconds = []
    for _ in range(5):
        start = time.perf_counter()
        booster.inplace_predict(x)
        seconds.append(time.perf_counter() - start)
    margins = booster.inplace_predict(x, predict_type="margin")
    np.asarray(margins, dtype=np.float32).tofile(os.path.join(out_folder, f"margins_{trees}.f32"))
    print(json.dumps({"trees": trees, "rows": int(len(x)), "xgboostRowsPerSecond": len(x) / float(np.median(seconds)),
                      "xgboost": xgb.__version__}), flush=True)


if onnx_only:
    from sklearn.linear_model import LogisticRegression
    filled = np.where(np.isnan(x), np.nanmedian(x, axis=0), x)
    mean, std = filled.mean(axis=0), filled.std(axis=0)
    lr = LogisticRegression(max_iter=1000).fit((filled - mean) / std, label)
    nodes = [helper.make_node("Scaler", ["input"], ["scaled"], domain="ai.onnx.ml", offset=[float(v) for v in mean], scale=[float(1 / v) for v in std]),
             helper.make_node("LinearClassifier", ["scaled"], ["label", "probabilities"], domain="ai.onnx.ml", classlabels_ints=[0, 1],
                              coefficients=[float(v) for v in lr.coef_.ravel()], intercepts=[float(lr.intercept_[0])], post_transform="LOGISTIC")]
    graph = helper.make_graph(nodes, "linear", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, len(numeric)])],
                              [helper.make_tensor_value_info("label", TensorProto.INT64, [None]), helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 2])])
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 3)], producer_name="DbScoring benchmark (python3-onnx)")
    onnx_model.ir_version = 8
    with open(os.path.join(out_folder, "linear.onnx"), "wb") as f:
        f.write(onnx_model.SerializeToString())
    print(json.dumps({"model": "linear.onnx", "description": "scikit-learn LogisticRegression (Scaler + LinearClassifier, LOGISTIC)"}), flush=True)
