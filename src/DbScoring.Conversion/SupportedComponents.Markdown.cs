using System.Linq;
using System.Text;

namespace DbScoring.Conversion
{
    public static partial class SupportedComponents
    {
        /// <summary>
        /// The README's "What converts" section, generated from the tables above (a test checks that the README holds
        /// exactly this text, so the list and the code cannot drift).
        /// </summary>
        public static string Markdown()
        {
            var text = new StringBuilder();
            text.Append("**ML.NET 5.0.1** (`.zip`, parity oracle: ML.NET) — binary classification, regression and multiclass classification with the ")
                .Append("predictors, calibrators and transformers of these tables (a type derived from a listed one converts as it). Any other component is refused by its ML.NET type name.\n\n");
            text.Append("| ML.NET predictor | trainers | becomes |\n|---|---|---|\n");
            foreach (var pair in MlNetPredictors)
                text.Append("| `").Append(pair.Key.Name).Append("` | ").Append(pair.Value.Trainers.Length == 0 ? "its own" : pair.Value.Trainers)
                    .Append(" | ").Append(pair.Value.Description).Append(" |\n");
            text.Append("\n| ML.NET calibrator | becomes |\n|---|---|\n");
            foreach (var pair in MlNetCalibrators) text.Append("| `").Append(pair.Key.Name).Append("` | ").Append(pair.Value.Description).Append(" |\n");
            text.Append('\n');
            text.Append("| ML.NET transformer | becomes |\n|---|---|\n");
            foreach (var pair in MlNetTransformers)
                text.Append("| `").Append(pair.Key.Name).Append('`').Append(pair.Value.Types.Length == 0 ? "" : " (" + pair.Value.Types + ")")
                    .Append(" | ").Append(pair.Value.Description).Append(" |\n");
            text.Append('\n');
            text.Append("**XGBoost** (`.json`, `.ubj` from `save_model`, 1.0 onward; parity oracle: XGBoost through Python) — ")
                .Append("categorical splits, missing-value default directions, base_score and feature names included. ")
                .Append("Any other objective or booster (ranking, survival, multi-output trees) is refused by its name.\n\n");
            text.Append("| XGBoost booster | becomes |\n|---|---|\n");
            foreach (var pair in XgboostBoosters) text.Append("| `").Append(pair.Key).Append("` | ").Append(pair.Value.Description).Append(" |\n");
            text.Append("\n| XGBoost objective | prediction |\n|---|---|\n");
            foreach (var pair in XgboostObjectives) text.Append("| `").Append(pair.Key).Append("` | ").Append(pair.Value.Description).Append(" |\n");
            text.Append("\n**ONNX-ML** (`.onnx`; parity oracle: ONNX Runtime) — one predictor operator, with the pre-processing operators of the table in front of it ")
                .Append("and ZipMap after it; inputs: one float tensor [N, F] (F numeric inputs named by `--feature-names`, the model's `feature_names` metadata, else f0…), ")
                .Append("or one tensor per column keeping its name (string tensors are text inputs). ")
                .Append("Any other operator is refused by its domain, op type and node name, an unsupported attribute value by its name.\n\n");
            text.Append("| ONNX operator | becomes |\n|---|---|\n");
            foreach (var pair in OnnxOperators) text.Append("| `").Append(pair.Key).Append("` | ").Append(pair.Value.Description).Append(" |\n");
            return text.ToString();
        }
    }
}
