using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace DbScoring.Cli.Demo
{
    /// <summary>Trains the demo's two churn models from the CSV, as a data scientist would, and saves them as ML.NET .zip files.</summary>
    public static class DemoTrainer
    {
        /// <summary>v1: logistic regression on one-hot categories and normalized numbers.</summary>
        public static void TrainLogistic(string csv, string zip) => Train(csv, zip, (ml, features) =>
            features.Append(ml.Transforms.NormalizeMinMax("Features"))
                    .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression("Churned", maximumNumberOfIterations: 50)));

        /// <summary>v2: boosted trees (FastTree, 100 trees × 20 leaves).</summary>
        public static void TrainTrees(string csv, string zip) => Train(csv, zip, (ml, features) =>
            features.Append(ml.BinaryClassification.Trainers.FastTree("Churned", numberOfLeaves: 20, numberOfTrees: 100)));

        /// <summary>
        /// v3, the fallback: logistic regression on tenure, support calls and plan only, so that it still scores a customer
        /// whose age or charges are unusable.
        /// </summary>
        public static void TrainFallback(string csv, string zip)
        {
            var ml = new MLContext(seed: 42);
            var data = Load(ml, csv);
            var pipeline = ml.Transforms.Categorical.OneHotEncoding("PlanVec", "Plan")
                .Append(ml.Transforms.Concatenate("Features", "Tenure", "SupportCalls", "PlanVec"))
                .Append(ml.Transforms.NormalizeMinMax("Features"))
                .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression("Churned", maximumNumberOfIterations: 50));
            ml.Model.Save(pipeline.Fit(data), data.Schema, zip);
        }

        /// <summary>Reads the demo's customer CSV (<see cref="DemoData.Header"/>) as ML.NET sees it: empty numbers are missing (NaN).</summary>
        public static IDataView Load(MLContext ml, string csv) => ml.Data.CreateTextLoader(new TextLoader.Options
        {
            HasHeader = true,
            Separators = new[] { ',' },
            MissingRealsAsNaNs = true,
            Columns = new[]
            {
                new TextLoader.Column("CustomerId", DataKind.Single, 0),
                new TextLoader.Column("Age", DataKind.Single, 1),
                new TextLoader.Column("Tenure", DataKind.Single, 2),
                new TextLoader.Column("MonthlyCharges", DataKind.Single, 3),
                new TextLoader.Column("SupportCalls", DataKind.Single, 4),
                new TextLoader.Column("Plan", DataKind.String, 5),
                new TextLoader.Column("Region", DataKind.String, 6),
                new TextLoader.Column("HasPartner", DataKind.Boolean, 7),
                new TextLoader.Column("Churned", DataKind.Boolean, 8),
            },
        }).Load(csv);

        private static void Train(string csv, string zip, System.Func<MLContext, IEstimator<ITransformer>, IEstimator<ITransformer>> trainer)
        {
            var ml = new MLContext(seed: 42);
            var data = Load(ml, csv);
            var features = ml.Transforms.ReplaceMissingValues(new[] { new InputOutputColumnPair("Age"), new InputOutputColumnPair("MonthlyCharges") }, MissingValueReplacingEstimator.ReplacementMode.Mean)
                .Append(ml.Transforms.Categorical.OneHotEncoding(new[] { new InputOutputColumnPair("PlanVec", "Plan"), new InputOutputColumnPair("RegionVec", "Region") }))
                .Append(ml.Transforms.Conversion.ConvertType("Partner", "HasPartner", DataKind.Single))
                .Append(ml.Transforms.Concatenate("Features", "Age", "Tenure", "MonthlyCharges", "SupportCalls", "PlanVec", "RegionVec", "Partner"));
            var model = trainer(ml, features).Fit(data);
            ml.Model.Save(model, data.Schema, zip);
        }
    }
}
