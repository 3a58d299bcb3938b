using System;
using System.Collections.Generic;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>How one-versus-all combines its binary models. Persisted — never renumber.</summary>
    public enum OneVersusAllMode : byte
    {
        /// <summary>Class scores are the raw scores (ML.NET ImplRaw).</summary>
        Raw = 0,
        /// <summary>Calibrated probabilities, normalized to sum to 1 (ML.NET ImplDist).</summary>
        Distribution = 1,
        /// <summary>Softmax of the raw scores (ML.NET ImplSoftmax).</summary>
        Softmax = 2,
        /// <summary>ONNX-ML post transform LOGISTIC per class; label from the raw scores (format 1.1).</summary>
        OnnxLogistic = 3,
        /// <summary>ONNX-ML post transform SOFTMAX (ONNX Runtime's float softmax); label from the raw scores (format 1.1).</summary>
        OnnxSoftmax = 4,
        /// <summary>ONNX-ML post transform SOFTMAX_ZERO (zeros stay zero); label from the raw scores (format 1.1).</summary>
        OnnxSoftmaxZero = 5,
        /// <summary>ONNX-ML post transform PROBIT per class (ONNX Runtime's approximation); label from the raw scores (format 1.1).</summary>
        OnnxProbit = 6,
        /// <summary>ONNX-ML post transform NONE: the raw scores, labelled by ONNX Runtime's rule (format 1.1).</summary>
        OnnxNone = 7,
    }

    /// <summary>
    /// One binary model per class (ML.NET OneVersusAllModelParameters, also LightGbm multiclass). Follows
    /// src/Microsoft.ML.StandardTrainers/Standard/MulticlassClassification/OneVersusAllTrainer.cs. The ONNX modes
    /// (3..7) are the ONNX-ML classifiers' post transforms: ONNX Runtime picks the label from the raw class scores before
    /// transforming them (a saturated logistic would otherwise tie) — class 0, then each later class whose score is
    /// strictly greater (a NaN first score keeps class 0) — so these modes do too.
    /// </summary>
    public sealed class OneVersusAllPredictor : Predictor
    {
        private readonly ScoreFunction[] _functions;
        private readonly ScoreFunction[] _evaluated; // what Predict calls: the functions, or their folded forms (ExecutionPlan)
        private readonly Calibrator?[] _calibrators;

        /// <summary>Creates the predictor; <paramref name="calibrators"/> are required in Distribution mode.</summary>
        public OneVersusAllPredictor(int featureColumn, IReadOnlyList<ScoreFunction> functions, IReadOnlyList<Calibrator?> calibrators, OneVersusAllMode mode)
            : base(featureColumn)
        {
            if (functions == null) throw new ArgumentNullException(nameof(functions));
            if (calibrators == null) throw new ArgumentNullException(nameof(calibrators));
            _functions = new ScoreFunction[functions.Count];
            _calibrators = new Calibrator?[functions.Count];
            for (int i = 0; i < functions.Count; i++)
            {
                _functions[i] = functions[i];
                _calibrators[i] = i < calibrators.Count ? calibrators[i] : null;
            }
            _evaluated = _functions;
            Mode = mode;
        }

        /// <summary>The same predictor evaluating <paramref name="evaluated"/> (one per class) instead of the functions.</summary>
        internal OneVersusAllPredictor WithEvaluated(ScoreFunction[] evaluated) => new OneVersusAllPredictor(this, evaluated);

        private OneVersusAllPredictor(OneVersusAllPredictor original, ScoreFunction[] evaluated) : base(original.FeatureColumn)
        {
            _functions = original._functions;
            _calibrators = original._calibrators;
            _evaluated = evaluated;
            Mode = original.Mode;
        }

        /// <summary>The binary score function of each class.</summary>
        public IReadOnlyList<ScoreFunction> Functions => _functions;

        /// <summary>The calibrator of each class (null when none).</summary>
        public IReadOnlyList<Calibrator?> Calibrators => _calibrators;

        /// <summary>How the class outputs are combined.</summary>
        public OneVersusAllMode Mode { get; }

        /// <inheritdoc />
        public override PredictorKind Kind => PredictorKind.OneVersusAll;

        /// <inheritdoc />
        public override PredictionKind Task => PredictionKind.MulticlassClassification;

        internal override int WorkspaceTreeMasks => MaxTreeMasks();

        /// <inheritdoc />
        public override int FeatureCount => _functions.Length == 0 ? 0 : _functions[0].FeatureCount;

        /// <inheritdoc />
        public override int ClassCount => _functions.Length;

        internal override void Predict(float[] features, int offset, Prediction output, IReadOnlyList<string> classLabels, Workspace workspace)
        {
            float[] scores = output.ClassScores;
            for (int k = 0; k < _evaluated.Length; k++) scores[k] = _evaluated[k].Score(features, offset, workspace);
            Complete(output, classLabels);
        }

        internal override ScoreFunction[]? BlockFunctions
        {
            get
            {
                foreach (var function in _evaluated) if (!function.ScoresBlocks) return null;
                return _evaluated;
            }
        }

        internal override void PredictFromBlock(RowBlock block, int row, Prediction output, IReadOnlyList<string> classLabels)
        {
            float[] scores = output.ClassScores;
            for (int k = 0; k < _evaluated.Length; k++) scores[k] = block.Raw[k][row];
            Complete(output, classLabels);
        }

        /// <summary>Turns the raw class scores in <paramref name="output"/> into the prediction.</summary>
        private void Complete(Prediction output, IReadOnlyList<string> classLabels)
        {
            float[] scores = output.ClassScores;
            if (Mode >= OneVersusAllMode.OnnxLogistic)
            {
                int best = 0;   // ONNX Runtime: the first class, then any strictly greater raw score
                for (int k = 1; k < scores.Length; k++)
                    if (scores[k] > scores[best]) best = k;
                OnnxTransform(scores);
                MulticlassMath.SetClass(output, classLabels, best);
                return;
            }
            switch (Mode)
            {
                case OneVersusAllMode.Distribution: NormalizeProbabilities(scores); break;
                case OneVersusAllMode.Softmax: Softmax(scores); break;
            }
            MulticlassMath.SetArgMax(output, classLabels);
        }

        private int MaxTreeMasks()
        {
            int max = 0;
            foreach (var function in _evaluated) max = Math.Max(max, function.WorkspaceTreeMasks);
            return max;
        }

        /// <summary>ImplDist: calibrated probabilities, negatives set to 0, divided by their double sum (NaN stays NaN).</summary>
        private void NormalizeProbabilities(float[] scores)
        {
            double sum = 0;
            for (int k = 0; k < scores.Length; k++)
            {
                float p = _calibrators[k]!.Probability(scores[k]);
                if (float.IsNaN(p)) { scores[k] = p; continue; }
                if (p >= 0) sum += p;
                else p = 0;
                scores[k] = p;
            }
            if (sum > 0)
                for (int k = 0; k < scores.Length; k++) scores[k] = (float)(scores[k] / sum);
        }

        private void OnnxTransform(float[] scores)
        {
            switch (Mode)
            {
                case OneVersusAllMode.OnnxLogistic:
                    for (int k = 0; k < scores.Length; k++) scores[k] = OnnxMath.Logistic(scores[k]);
                    break;
                case OneVersusAllMode.OnnxSoftmax: OnnxMath.Softmax(scores); break;
                case OneVersusAllMode.OnnxSoftmaxZero: OnnxMath.SoftmaxZero(scores); break;
                case OneVersusAllMode.OnnxProbit:
                    for (int k = 0; k < scores.Length; k++) scores[k] = OnnxMath.Probit(scores[k]);
                    break;
            }
        }

        /// <summary>ImplSoftmax: exp of each raw score in double without subtracting the maximum, divided by the sum.</summary>
        private static void Softmax(float[] scores)
        {
            double sum = 0;
            for (int k = 0; k < scores.Length; k++) sum += Math.Exp(scores[k]);
            for (int k = 0; k < scores.Length; k++) scores[k] = (float)(Math.Exp(scores[k]) / sum);
        }

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteByte((byte)Mode);
            writer.WriteInt32(_functions.Length);
            for (int k = 0; k < _functions.Length; k++)
            {
                ScoreFunction.Write(writer, _functions[k]);
                Calibrator.Write(writer, _calibrators[k]);
            }
        }

        internal static OneVersusAllPredictor ReadBody(BlobReader reader, int featureColumn)
        {
            byte mode = reader.ReadByte();
            if (mode > (byte)OneVersusAllMode.OnnxNone) throw reader.Fail($"unknown one-versus-all mode {mode}; this runtime supports 0..7 (a newer DbScoring may be needed)");
            int count = reader.ReadCount(12, "class count");
            if (count < 2) throw reader.Fail($"a multiclass model needs at least 2 classes, found {count}");
            var functions = new ScoreFunction[count];
            var calibrators = new Calibrator?[count];
            for (int k = 0; k < count; k++)
            {
                functions[k] = ScoreFunction.Read(reader);
                calibrators[k] = Calibrator.Read(reader);
                if (functions[k].FeatureCount != functions[0].FeatureCount)
                    throw reader.Fail($"class {k} reads {functions[k].FeatureCount} features, class 0 reads {functions[0].FeatureCount}");
                if (mode == (byte)OneVersusAllMode.Distribution && calibrators[k] == null)
                    throw reader.Fail($"class {k} has no calibrator, which the distribution mode needs");
            }
            return new OneVersusAllPredictor(featureColumn, functions, calibrators, (OneVersusAllMode)mode);
        }
    }
}
