using System.Collections.Generic;
using DbScoring.Runtime;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Predictors;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Store.Tests
{
    /// <summary>Hand-built churn models: Age, Tenure (numbers), Plan (text: basic/premium) → calibrated linear binary classifier.</summary>
    public static class TestModels
    {
        public static readonly string[] Plans = { "basic", "premium" };

        /// <summary>A valid blob; a different <paramref name="bias"/> gives different bytes (another version).</summary>
        public static byte[] Churn(float bias = -1.5f)
        {
            var inputs = new List<InputColumn>
            {
                new InputColumn("Age", InputKind.Number, 0, 0, trainingMin: 18, trainingMax: 90),
                new InputColumn("Tenure", InputKind.Number, 1, 0, trainingMin: 0, trainingMax: 120),
                new InputColumn("Plan", InputKind.Text, 2, 0, Plans),
            };
            var columns = new List<ColumnDefinition>
            {
                new ColumnDefinition("Age", ColumnKind.Float, 1),
                new ColumnDefinition("Tenure", ColumnKind.Float, 1),
                new ColumnDefinition("Plan", ColumnKind.Text, 1),
                new ColumnDefinition("PlanKey", ColumnKind.Key, 1, keyCount: 2),
                new ColumnDefinition("PlanVector", ColumnKind.Float, 2),
                new ColumnDefinition("Features", ColumnKind.Float, 4),
            };
            var transforms = new List<Transform>
            {
                new ValueToKeyTransform(2, 3, Plans),
                new KeyToVectorTransform(3, 4, bag: false),
                new ConcatenateTransform(new[] { 0, 1, 4 }, 5),
            };
            var predictor = new BinaryPredictor(5, new LinearScoreFunction(new[] { 0.03f, -0.02f, 0.4f, -0.6f }, bias),
                new PlattCalibrator(-1.2, 0.1), 0.5f, thresholdOnProbability: true);
            var definition = new ModelDefinition(inputs, columns, transforms, predictor, new[] { "False", "True" },
                new Dictionary<string, string> { ["algorithm"] = "HandBuiltLinear", ["name"] = "churn" });
            return ModelSerializer.Write(definition);
        }

        /// <summary>
        /// A fallback for <see cref="Churn"/>: the same input names, but Age taken as text and not used, so that it scores rows
        /// whose Age is not a number (Tenure and Plan only).
        /// </summary>
        public static byte[] ChurnWithoutAge()
        {
            var inputs = new List<InputColumn>
            {
                new InputColumn("Age", InputKind.Text, 0, 0),
                new InputColumn("Tenure", InputKind.Number, 1, 0, trainingMin: 0, trainingMax: 120),
                new InputColumn("Plan", InputKind.Text, 2, 0, Plans),
            };
            var columns = new List<ColumnDefinition>
            {
                new ColumnDefinition("Age", ColumnKind.Text, 1),
                new ColumnDefinition("Tenure", ColumnKind.Float, 1),
                new ColumnDefinition("Plan", ColumnKind.Text, 1),
                new ColumnDefinition("PlanKey", ColumnKind.Key, 1, keyCount: 2),
                new ColumnDefinition("PlanVector", ColumnKind.Float, 2),
                new ColumnDefinition("Features", ColumnKind.Float, 3),
            };
            var transforms = new List<Transform>
            {
                new ValueToKeyTransform(2, 3, Plans),
                new KeyToVectorTransform(3, 4, bag: false),
                new ConcatenateTransform(new[] { 1, 4 }, 5),
            };
            var predictor = new BinaryPredictor(5, new LinearScoreFunction(new[] { -0.02f, 0.4f, -0.6f }, -0.5f),
                new PlattCalibrator(-1.2, 0.1), 0.5f, thresholdOnProbability: true);
            return ModelSerializer.Write(new ModelDefinition(inputs, columns, transforms, predictor, new[] { "False", "True" },
                new Dictionary<string, string> { ["algorithm"] = "HandBuiltLinear", ["name"] = "churn-fallback" }));
        }

        /// <summary>
        /// <see cref="Churn"/> with a training profile of customers 1..<paramref name="profileRows"/> (what the converter
        /// stores from --profile rows), so that runs measure drift.
        /// </summary>
        public static byte[] ChurnProfiled(int profileRows, float bias = -1.5f)
        {
            var model = ScoringModel.Load(Churn(bias));
            var builder = new DbScoring.Runtime.Monitoring.TrainingProfileBuilder(model);
            for (int i = 1; i <= profileRows; i++)
            {
                var c = Customer(i);
                builder.SetNumber(model.FindInput("Age"), c.Age ?? double.NaN);
                builder.SetNumber(model.FindInput("Tenure"), c.Tenure ?? double.NaN);
                builder.SetText(model.FindInput("Plan"), c.Plan);
                builder.AddRow();
            }
            return ModelSerializer.Write(model.Definition.WithProfile(builder.Build("file:customers.csv")));
        }

        /// <summary>Deterministic customer i: (Id, Age, Tenure, Plan), with some missing values.</summary>
        public static (long Id, double? Age, double? Tenure, string? Plan) Customer(int i) =>
            (i, i % 17 == 0 ? null : 18 + (i * 7) % 70, (i * 13) % 120, i % 11 == 0 ? null : i % 5 == 0 ? "gold" : Plans[i % 2]);

        /// <summary>NaN from the runtime is stored as NULL; anything else must round-trip exactly as a float.</summary>
        public static void AssertSameFloat(float expected, double? stored)
        {
            if (float.IsNaN(expected)) Xunit.Assert.Null(stored);
            else Xunit.Assert.Equal(expected, (float)stored!.Value);
        }

        /// <summary>The runtime's own prediction for a customer.</summary>
        public static Prediction Expected(Scorer scorer, (long Id, double? Age, double? Tenure, string? Plan) c)
        {
            var m = scorer.Model;
            if (c.Age.HasValue) scorer.SetNumber(m.FindInput("Age"), c.Age.Value);
            if (c.Tenure.HasValue) scorer.SetNumber(m.FindInput("Tenure"), c.Tenure.Value);
            scorer.SetText(m.FindInput("Plan"), c.Plan);
            return scorer.Predict();
        }
    }
}
