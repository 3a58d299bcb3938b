# The XGBoost parity oracle: DbScoring runs this script with a Python that has xgboost to score the parity rows
# with XGBoost itself. Arguments: model file, input file (rows x columns float32, little-endian, NaN = missing),
# row count, column count, output file. Writes the margins (rows x groups) and then the transformed predictions
# (rows x width) as float32 little-endian, and prints one JSON line: the XGBoost version and both widths.
#
# Rows are scored with Booster.predict on a DMatrix (missing = NaN), as users call XGBoost. A DMatrix refuses
# +/-inf, so rows holding an infinity are scored with Booster.inplace_predict, which accepts them (gblinear has
# no in-place prediction: such rows are an error there).
import json
import sys

import numpy as np
import xgboost as xgb


def main():
    model_path, input_path, rows, columns, output_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    data = np.fromfile(input_path, dtype="<f4").reshape(rows, columns)
    booster = xgb.Booster(model_file=model_path)
    booster.set_param({"nthread": 1})
    types = booster.feature_types
    categorical = types is not None and "c" in types
    infinite = np.isinf(data).any(axis=1)

    def dmatrix_predict(x, margin):
        matrix = xgb.DMatrix(x, missing=np.nan, feature_types=types if categorical else None, enable_categorical=categorical)
        return booster.predict(matrix, output_margin=margin, validate_features=False)

    def inplace_predict(x, margin):
        return booster.inplace_predict(x, predict_type="margin" if margin else "value", missing=np.nan, validate_features=False)

    def score(margin):
        finite_rows = np.flatnonzero(~infinite)
        infinite_rows = np.flatnonzero(infinite)
        out = None
        for indices, predict in ((finite_rows, dmatrix_predict), (infinite_rows, inplace_predict)):
            if len(indices) == 0:
                continue
            values = np.asarray(predict(data[indices], margin), dtype=np.float32)
            values = values.reshape(len(indices), -1)
            if out is None:
                out = np.full((rows, values.shape[1]), np.nan, dtype=np.float32)
            out[indices] = values
        return out

    margins = score(True)
    values = score(False)
    with open(output_path, "wb") as f:
        f.write(margins.astype("<f4").tobytes())
        f.write(values.astype("<f4").tobytes())
    print(json.dumps({"version": xgb.__version__, "marginWidth": int(margins.shape[1]), "valueWidth": int(values.shape[1])}))


if __name__ == "__main__":
    main()
