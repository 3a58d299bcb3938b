using System.IO;
using System.Linq;
using DbScoring.Runtime;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace DbScoring.Conversion.Tests
{
    /// <summary>Parity on the real public data sets in ../shared/data: models trained there, checked on every row.</summary>
    public sealed class RealDataTests
    {
        private static readonly string Folder = Path.Combine(Path.GetTempPath(), "dbscoring-realdata-" + System.Environment.ProcessId);

        [SkippableTheory]
        [InlineData("logistic")]
        [InlineData("fasttree")]
        [InlineData("lightgbm")]
        public void Models_trained_on_the_adult_census_data_score_every_row_as_MLNET_does(string trainer)
        {
            Skip.If(SharedData.Folder == null, SharedData.SkipReason);
            var ml = new MLContext(seed: 3);
            string[] categorical = { "workclass", "education", "marital-status", "occupation", "relationship", "ethnicity", "sex", "native-country" };
            string[] numeric = { "age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week" };
            var loader = ml.Data.CreateTextLoader(new TextLoader.Options
            {
                HasHeader = true, Separators = new[] { ',' }, TrimWhitespace = true,
                Columns = new[]
                {
                    new TextLoader.Column("age", DataKind.Single, 0), new TextLoader.Column("workclass", DataKind.String, 1),
                    new TextLoader.Column("fnlwgt", DataKind.Single, 2), new TextLoader.Column("education", DataKind.String, 3),
                    new TextLoader.Column("education-num", DataKind.Single, 4), new TextLoader.Column("marital-status", DataKind.String, 5),
                    new TextLoader.Column("occupation", DataKind.String, 6), new TextLoader.Column("relationship", DataKind.String, 7),
                    new TextLoader.Column("ethnicity", DataKind.String, 8), new TextLoader.Column("sex", DataKind.String, 9),
                    new TextLoader.Column("capital-gain", DataKind.Single, 10), new TextLoader.Column("capital-loss", DataKind.Single, 11),
                    new TextLoader.Column("hours-per-week", DataKind.Single, 12), new TextLoader.Column("native-country", DataKind.String, 13),
                    new TextLoader.Column("Label", DataKind.Boolean, 14),
                },
            });
            var data = loader.Load(SharedData.File("adult.txt"));
            var features = ml.Transforms.Categorical.OneHotEncoding(categorical.Select(c => new InputOutputColumnPair(c + "_1h", c)).ToArray())
                .Append(ml.Transforms.Concatenate("Features", numeric.Concat(categorical.Select(c => c + "_1h")).ToArray()));
            IEstimator<ITransformer> pipeline = trainer switch
            {
                "logistic" => features.Append(ml.Transforms.NormalizeMeanVariance("Features")).Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 30)),
                "fasttree" => features.Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 20, numberOfTrees: 100)),
                _ => features.Append(ml.BinaryClassification.Trainers.LightGbm(numberOfLeaves: 20, numberOfIterations: 100)),
            };
            string zip = Save(ml, pipeline.Fit(data), data, $"adult-{trainer}.zip");

            var result = ModelConverter.Convert(zip, new ConversionOptions { SamplePath = SharedData.File("adult.txt"), MaxSampleRows = 40_000 });

            Assert.True(result.Parity.Passed, result.Parity.ToString());
            Assert.True(result.Parity.Rows > 32_561, $"{result.Parity.Rows} rows checked");
            Assert.Equal(14, result.Model.Inputs.Count);
            Assert.Contains("Bachelors", result.Model.Inputs[result.Model.FindInput("education")].Categories);
        }

        [SkippableFact]
        public void A_multiclass_model_trained_on_iris_scores_every_row_as_MLNET_does()
        {
            Skip.If(SharedData.Folder == null, SharedData.SkipReason);
            var ml = new MLContext(seed: 3);
            var data = ml.Data.LoadFromTextFile(SharedData.File("iris.txt"), new[]
            {
                new TextLoader.Column("Label", DataKind.Single, 0), new TextLoader.Column("Sepal length", DataKind.Single, 1),
                new TextLoader.Column("Sepal width", DataKind.Single, 2), new TextLoader.Column("Petal length", DataKind.Single, 3),
                new TextLoader.Column("Petal width", DataKind.Single, 4),
            }, hasHeader: true);
            var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
                .Append(ml.Transforms.Concatenate("Features", "Sepal length", "Sepal width", "Petal length", "Petal width"))
                .Append(ml.Transforms.NormalizeMinMax("Features"))
                .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
                .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
            string zip = Save(ml, pipeline.Fit(data), data, "iris.zip");

            var result = ModelConverter.Convert(zip, new ConversionOptions { SamplePath = SharedData.File("iris.txt") });

            Assert.True(result.Parity.Passed, result.Parity.ToString());
            Assert.Equal(new[] { "0", "1", "2" }, result.Model.ClassLabels);
            Assert.Equal(PredictionKind.MulticlassClassification, result.Model.Kind);
        }

        [SkippableFact]
        public void A_model_trained_on_breast_cancer_data_with_missing_values_converts()
        {
            Skip.If(SharedData.Folder == null, SharedData.SkipReason);
            var ml = new MLContext(seed: 3);
            var data = ml.Data.LoadFromTextFile(SharedData.File("breast-cancer.txt"), new[]
            {
                new TextLoader.Column("Label", DataKind.Boolean, 0), new TextLoader.Column("Features", DataKind.Single, 1, 9),
            }, hasHeader: false);
            var pipeline = ml.Transforms.ReplaceMissingValues("Features")
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
            string zip = Save(ml, pipeline.Fit(data), data, "breast-cancer.zip");

            var result = ModelConverter.Convert(zip);

            Assert.True(result.Parity.Passed, result.Parity.ToString());
            Assert.Equal(9, result.Model.Inputs.Count); // one field per slot of the Features vector
            Assert.Equal("Features_0", result.Model.Inputs[0].Name);
        }

        private static string Save(MLContext ml, ITransformer model, IDataView data, string name)
        {
            Directory.CreateDirectory(Folder);
            string path = Path.Combine(Folder, name);
            ml.Model.Save(model, data.Schema, path);
            return path;
        }
    }
}
