using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// A linear model written with the standard operators (PyTorch, Keras and hand-built exports): MatMul(X, W) or
    /// Gemm(X, W, C) with constant weights gives K scores s = X·W (+ C); a following Add or Sub of a constant is its
    /// intercept (s + b, s − b = s + (−b): the same float operation, so folding it is exact), while Mul or Div of the
    /// scores would change the rounding and stays refused. One score is a regression (Sigmoid after it: a binary model's
    /// probability); K scores a multiclass model with labels 0…K−1, whose class scores are the raw scores, their Softmax
    /// or their Sigmoid, and whose label is ArgMax. ONNX Runtime's GEMM may add the products in another order or fused:
    /// within the gate's tolerance.
    /// </summary>
    internal sealed class OnnxMatrixLinear
    {
        private OnnxMatrixLinear(OnnxNode node, int column, int features, float[][] weights, float[]? bias, string post)
        {
            Node = node; Column = column; Features = features; Weights = weights; Bias = bias; Post = post;
        }

        /// <summary>F, the width of the rows.</summary>
        public int Features { get; }

        public OnnxNode Node { get; }
        public int Column { get; }

        /// <summary>Per score k, its F weights.</summary>
        public float[][] Weights { get; }

        /// <summary>The intercepts; null until an Add/Sub (or Gemm's C) gives them.</summary>
        public float[]? Bias { get; }

        /// <summary>NONE, SOFTMAX or LOGISTIC: what the class scores are.</summary>
        public string Post { get; }

        public int Scores => Weights.Length;

        /// <summary>MatMul(X, W): W a constant [F, K] (or [F]: one score).</summary>
        public static OnnxTranslatedPredictor MatMul(OnnxNode node, OnnxGraph graph, OnnxValue x)
        {
            var w = graph.Constant(node, 1);
            var values = graph.Floats(node, w);
            if (w.Shape.Count > 2 || w.Shape.Count == 0 || w.Shape[0] != x.Width || values.Length % x.Width != 0)
                throw graph.Refuse(node, $"weights '{w.Name}' of shape [{string.Join(", ", w.Shape)}] for rows of {x.Width} values", $"MatMul of the rows by a constant [{x.Width}, K]");
            int k = values.Length / x.Width;
            var weights = Enumerable.Range(0, k).Select(j => Enumerable.Range(0, x.Width).Select(f => values[f * k + j]).ToArray()).ToArray();
            return Start(graph, new OnnxMatrixLinear(node, x.Column, x.Width, weights, null, "NONE"));
        }

        /// <summary>Gemm(X, W, C) with alpha = 1, beta = 1 (or no C), transA = 0; W constant [F, K] or, with transB, [K, F]; C one value or K.</summary>
        public static OnnxTranslatedPredictor Gemm(OnnxNode node, OnnxGraph graph, OnnxValue x)
        {
            float alpha = node.Attributes.TryGetValue("alpha", out var a) ? a.F : 1f, beta = node.Attributes.TryGetValue("beta", out var b) ? b.F : 1f;
            long transA = OnnxGraph.Int(node, "transA", 0), transB = OnnxGraph.Int(node, "transB", 0);
            bool hasC = node.Inputs.Count > 2 && node.Inputs[2].Length > 0;
            if (transA != 0) throw graph.Refuse(node, "transA = 1", "Gemm of the rows (transA = 0)");
            if (alpha != 1f || hasC && beta != 1f)
                throw graph.Refuse(node, $"alpha = {alpha}, beta = {beta}", "alpha = 1 and beta = 1 (a scaled product would round differently from the folded weights)");
            var w = graph.Constant(node, 1);
            var values = graph.Floats(node, w);
            if (w.Shape.Count != 2 || w.Shape[transB == 0 ? 0 : 1] != x.Width)
                throw graph.Refuse(node, $"weights '{w.Name}' of shape [{string.Join(", ", w.Shape)}]{(transB != 0 ? " (transB)" : "")} for rows of {x.Width} values", $"a constant [{x.Width}, K] (or [K, {x.Width}] with transB = 1)");
            int k = (int)w.Shape[transB == 0 ? 1 : 0];
            var weights = Enumerable.Range(0, k).Select(j => Enumerable.Range(0, x.Width).Select(f => transB == 0 ? values[f * k + j] : values[j * x.Width + f]).ToArray()).ToArray();
            float[]? bias = null;
            if (hasC)
            {
                var c = graph.Floats(node, graph.Constant(node, 2));
                if (c.Length != 1 && c.Length != k) throw graph.Refuse(node, $"C of {c.Length} values for {k} scores", "C of one value or one per score");
                bias = Enumerable.Range(0, k).Select(j => c[c.Length == 1 ? 0 : j]).ToArray();
            }
            return Start(graph, new OnnxMatrixLinear(node, x.Column, x.Width, weights, bias, "NONE"));
        }

        private static OnnxTranslatedPredictor Start(OnnxGraph graph, OnnxMatrixLinear linear)
        {
            graph.MatrixLinear = linear;
            return linear.Build();
        }

        /// <summary>
        /// Replaces the predictor with <paramref name="next"/> (an intercept or a transform of the scores added by
        /// <paramref name="node"/>), whose output is now the scores.
        /// </summary>
        public static void Continue(OnnxGraph graph, OnnxNode node, OnnxMatrixLinear next)
        {
            graph.MatrixLinear = next;
            graph.Predictor = next.Build();
            graph.ScoresOutput = node.Outputs[0];
            graph.Set(node.Outputs[0], OnnxValue.OfDerived(new OnnxDerived()));
        }

        /// <summary>The same scores with intercepts <paramref name="bias"/> (one value or one per score).</summary>
        public OnnxMatrixLinear WithBias(float[] bias) => new OnnxMatrixLinear(Node, Column, Features, Weights, Enumerable.Range(0, Scores).Select(j => bias[bias.Length == 1 ? 0 : j]).ToArray(), Post);

        /// <summary>The same scores turned into class scores by <paramref name="post"/>.</summary>
        public OnnxMatrixLinear WithPost(string post) => new OnnxMatrixLinear(Node, Column, Features, Weights, Bias, post);

        /// <summary>The predictor: a regression of one score, or a multiclass model of K (labels 0…K−1).</summary>
        public OnnxTranslatedPredictor Build()
        {
            var functions = Enumerable.Range(0, Scores).Select(j => new LinearScoreFunction(Weights[j], Bias?[j] ?? 0f)).ToList();
            var thresholds = Enumerable.Range(0, Features).Select(_ => new List<float>()).ToArray();
            string name = $"ONNX {Node.OpType}, {Features} features" + (Bias != null ? " + intercept" : "");
            if (Scores == 1)
                return new OnnxTranslatedPredictor(new RegressionPredictor(Column, functions[0], RegressionLink.Identity), Array.Empty<string>(), thresholds, name,
                    (label, scores) => new ExpectedOutput { Score = scores[0] });
            var mode = OnnxPostTransform.Mode(Post);
            var labels = Enumerable.Range(0, Scores).Select(j => OnnxGraph.Text(j)).ToList();
            return new OnnxTranslatedPredictor(new OneVersusAllPredictor(Column, functions.Cast<ScoreFunction>().ToList(), new Calibrator?[Scores], mode), labels, thresholds,
                $"{name}, {Scores} classes, {Post}", (label, scores) => new ExpectedOutput { ClassScores = scores, Label = label });
        }
    }
}
