# Trains the XGBoost models the conversion tests convert, with the real XGBoost (Debian's python3-xgboost), on
# the shared public data sets, and writes what XGBoost itself predicts for every row of them.
# Arguments: data folder, output folder. For each model NAME it writes NAME/model.json, NAME/model.ubj,
# NAME/rows.csv (the input rows, header = feature names, empty = missing) and NAME/expected.csv (per row:
# margin_0..margin_{G-1} from predict(output_margin=True), then value_0..value_{W-1} from predict()).
import os
import sys

import numpy as np
import pandas as pd
import xgboost as xgb

data_folder, out_folder = sys.argv[1], sys.argv[2]

ADULT_CATEGORICAL = ["workclass", "education", "marital-status", "occupation", "relationship", "ethnicity", "sex", "native-country"]


def adult(categorical):
    frame = pd.read_csv(os.path.join(data_folder, "adult.txt"), sep=",", skipinitialspace=True, na_values=["?"])
    label = frame.pop("label(IsOver50K)").astype(int).to_numpy()
    for column in ADULT_CATEGORICAL:
        if categorical:
            frame[column] = frame[column].astype("category")
        else:
            frame.pop(column)
    return frame, label


def breast_cancer():
    rows = []
    with open(os.path.join(data_folder, "breast-cancer.txt")) as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if line.startswith("//") or len(fields) != 10:
                continue
            rows.append([float(v) if v not in ("", "?") else np.nan for v in fields])
    array = np.array(rows, dtype=np.float64)
    names = ["thickness", "size_uniformity", "shape_uniformity", "adhesion", "epithelial_size", "bare_nuclei", "chromatin", "nucleoli", "mitoses"]
    return pd.DataFrame(array[:, 1:], columns=names), array[:, 0].astype(int)


def iris():
    frame = pd.read_csv(os.path.join(data_folder, "iris.txt"), sep="\t")
    label = frame.pop("#Label").astype(int).to_numpy()
    frame.columns = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    return frame, label


def save(name, booster, frame, categorical=False):
    folder = os.path.join(out_folder, name)
    os.makedirs(folder, exist_ok=True)
    booster.save_model(os.path.join(folder, "model.json"))
    booster.save_model(os.path.join(folder, "model.ubj"))
    matrix = xgb.DMatrix(frame, enable_categorical=categorical)
    margins = np.asarray(booster.predict(matrix, output_margin=True), dtype=np.float32).reshape(len(frame), -1)
    values = np.asarray(booster.predict(matrix), dtype=np.float32).reshape(len(frame), -1)
    rows = frame.copy()
    for column in rows.columns:
        if str(rows[column].dtype) == "category":
            rows[column] = rows[column].cat.codes.astype(float).replace(-1, np.nan)   # the code XGBoost reads; -1 = missing
    rows.to_csv(os.path.join(folder, "rows.csv"), index=False, na_rep="", float_format="%.9g")
    expected = pd.DataFrame(np.hstack([margins, values]),
                            columns=[f"margin_{i}" for i in range(margins.shape[1])] + [f"value_{i}" for i in range(values.shape[1])])
    expected.to_csv(os.path.join(folder, "expected.csv"), index=False, float_format="%.9g")


def train(params, frame, label, rounds, categorical=False):
    params = dict(params, nthread=1, seed=7)
    return xgb.train(params, xgb.DMatrix(frame, label=label, enable_categorical=categorical), rounds)


cancer, cancer_label = breast_cancer()
save("cancer-logistic", train({"objective": "binary:logistic", "max_depth": 4, "eta": 0.3}, cancer, cancer_label, 100), cancer)
save("cancer-logitraw", train({"objective": "binary:logitraw", "max_depth": 3}, cancer, cancer_label, 30), cancer)
save("cancer-hinge", train({"objective": "binary:hinge", "max_depth": 3}, cancer, cancer_label, 30), cancer)
save("cancer-dart", train({"booster": "dart", "objective": "binary:logistic", "max_depth": 3, "rate_drop": 0.2, "skip_drop": 0.3}, cancer, cancer_label, 40), cancer)
save("cancer-gblinear", train({"booster": "gblinear", "objective": "binary:logistic"}, cancer, cancer_label, 30), cancer)
save("cancer-base-score", train({"objective": "binary:logistic", "base_score": 0.3, "max_depth": 3}, cancer, cancer_label, 20), cancer)

adult_numeric, adult_label = adult(categorical=False)
hours = adult_numeric.pop("hours-per-week").to_numpy(dtype=float)
save("adult-squarederror", train({"objective": "reg:squarederror", "max_depth": 6}, adult_numeric, hours, 50), adult_numeric)
save("adult-absoluteerror", train({"objective": "reg:absoluteerror", "max_depth": 4}, adult_numeric, hours, 30), adult_numeric)
save("adult-pseudohuber", train({"objective": "reg:pseudohubererror", "max_depth": 4, "huber_slope": 5.0}, adult_numeric, hours, 30), adult_numeric)
save("adult-squaredlogerror", train({"objective": "reg:squaredlogerror", "max_depth": 4}, adult_numeric, hours, 30), adult_numeric)
save("adult-logistic-regression", train({"objective": "reg:logistic", "max_depth": 4}, adult_numeric, hours / 100.0, 30), adult_numeric)
save("adult-gamma", train({"objective": "reg:gamma", "max_depth": 4}, adult_numeric, hours, 30), adult_numeric)
save("adult-tweedie", train({"objective": "reg:tweedie", "max_depth": 4, "tweedie_variance_power": 1.3}, adult_numeric, hours, 30), adult_numeric)
save("adult-poisson", train({"objective": "count:poisson", "max_depth": 4}, adult_numeric, np.floor(hours / 10.0), 30), adult_numeric)

adult_categorical, label = adult(categorical=True)
save("adult-categorical", train({"objective": "binary:logistic", "tree_method": "hist", "max_depth": 6, "max_cat_to_onehot": 4},
                                adult_categorical, label, 100, categorical=True), adult_categorical, categorical=True)

flowers, species = iris()
save("iris-softprob", train({"objective": "multi:softprob", "num_class": 3, "max_depth": 3}, flowers, species, 30), flowers)
save("iris-softmax", train({"objective": "multi:softmax", "num_class": 3, "max_depth": 3}, flowers, species, 30), flowers)
save("iris-forest", train({"objective": "multi:softprob", "num_class": 3, "max_depth": 3, "num_parallel_tree": 4, "subsample": 0.8, "colsample_bynode": 0.8}, flowers, species, 5), flowers)
# A ranking model, which DbScoring refuses by its objective's name.
ranker = xgb.DMatrix(cancer, label=cancer_label)
ranker.set_group([len(cancer) // 2, len(cancer) - len(cancer) // 2])
save("cancer-rank", xgb.train({"objective": "rank:pairwise", "max_depth": 2, "nthread": 1}, ranker, 5), cancer)
print("trained")
