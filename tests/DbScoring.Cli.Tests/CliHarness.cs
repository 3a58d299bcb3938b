using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbScoring.Cli.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Xunit;

namespace DbScoring.Cli.Tests
{
    /// <summary>The outcome of one in-process <c>dbscoring</c> run.</summary>
    public sealed record CliResult(int Code, string Out, string Err)
    {
        public override string ToString() => $"exit {Code}\n--- stdout\n{Out}\n--- stderr\n{Err}";
    }

    /// <summary>Runs <see cref="CliApp.Run"/> in-process with StringWriters and a controlled environment.</summary>
    public static class Cli
    {
        public static CliResult Run(params string[] args) => RunWithEnvironment(new Dictionary<string, string>(), args);

        public static CliResult RunWithEnvironment(IReadOnlyDictionary<string, string> environment, params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int code = CliApp.Run(args, new CliContext(output, error, name => environment.TryGetValue(name, out var v) ? v : null));
            return new CliResult(code, output.ToString(), error.ToString());
        }

        /// <summary>Asserts the exit code, showing both streams when it differs.</summary>
        public static CliResult Expect(int code, params string[] args)
        {
            var result = Run(args);
            Assert.True(result.Code == code, $"expected exit {code} from 'dbscoring {string.Join(" ", args)}', got:\n{result}");
            return result;
        }
    }

    /// <summary>
    /// Small real ML.NET models trained once for all tests (on the demo's generated customers): binary (logistic),
    /// regression (MonthlyCharges), multiclass (Region), and two the converter must refuse (FeaturizeText, KMeans).
    /// </summary>
    public sealed class TrainedModels : IDisposable
    {
        public string Folder { get; } = Path.Combine(Path.GetTempPath(), "dbscoring-cli-tests-" + Guid.NewGuid().ToString("N"));
        public string Customers { get; }
        public string BinaryZip { get; }
        public string BinaryZip2 { get; }
        public string RegressionZip { get; }
        public string MulticlassZip { get; }
        public string TextZip { get; }
        public string KMeansZip { get; }

        public TrainedModels()
        {
            Directory.CreateDirectory(Folder);
            Customers = Path.Combine(Folder, "customers.csv");
            DemoData.Write(Customers, 600, seed: 11);
            BinaryZip = Path.Combine(Folder, "binary.zip");
            DemoTrainer.TrainLogistic(Customers, BinaryZip);
            BinaryZip2 = Path.Combine(Folder, "binary-trees.zip");
            var ml = new MLContext(seed: 3);
            var data = Load(ml, Customers);
            var numbers = ml.Transforms.ReplaceMissingValues(new[] { new InputOutputColumnPair("Age") }, MissingValueReplacingEstimator.ReplacementMode.Mean)
                .Append(ml.Transforms.Categorical.OneHotEncoding("PlanVec", "Plan"));
            Save(ml, data, ml.Transforms.Categorical.OneHotEncoding("PlanVec", "Plan")
                .Append(ml.Transforms.Concatenate("Features", "Tenure", "SupportCalls", "PlanVec"))
                .Append(ml.BinaryClassification.Trainers.FastTree("Churned", numberOfLeaves: 4, numberOfTrees: 5, minimumExampleCountPerLeaf: 5)), BinaryZip2);
            RegressionZip = Path.Combine(Folder, "regression.zip");
            Save(ml, data, numbers.Append(ml.Transforms.Concatenate("Features", "Age", "Tenure", "PlanVec"))
                .Append(ml.Regression.Trainers.Sdca("MonthlyCharges", maximumNumberOfIterations: 10)), RegressionZip);
            MulticlassZip = Path.Combine(Folder, "multiclass.zip");
            Save(ml, data, numbers.Append(ml.Transforms.Concatenate("Features", "Age", "Tenure", "PlanVec"))
                .Append(ml.Transforms.Conversion.MapValueToKey("RegionKey", "Region"))
                .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("RegionKey", maximumNumberOfIterations: 10))
                .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")), MulticlassZip);
            TextZip = Path.Combine(Folder, "featurize-text.zip");
            Save(ml, data, ml.Transforms.Text.FeaturizeText("PlanText", "Plan")
                .Append(ml.Transforms.Concatenate("Features", "Tenure", "PlanText"))
                .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression("Churned", maximumNumberOfIterations: 5)), TextZip);
            KMeansZip = Path.Combine(Folder, "kmeans.zip");
            Save(ml, data, ml.Transforms.Concatenate("Features", "Tenure", "SupportCalls")
                .Append(ml.Clustering.Trainers.KMeans("Features", numberOfClusters: 3)), KMeansZip);
        }

        private static IDataView Load(MLContext ml, string csv) => DbScoring.Cli.Demo.DemoTrainer.Load(ml, csv);

        private static void Save(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline, string path) =>
            ml.Model.Save(pipeline.Fit(data), data.Schema, path);

        /// <summary>A fresh, empty folder for one test.</summary>
        public string NewFolder()
        {
            string path = Path.Combine(Folder, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(path);
            return path;
        }

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [CollectionDefinition("trained models")]
    public sealed class TrainedModelsCollection : ICollectionFixture<TrainedModels> { }

    /// <summary>Direct SQL on a store file, for what a user of the CLI cannot do: tampering, simulated crashes, counting rows.</summary>
    public static class RawSql
    {
        /// <summary>Creates table customers in the store file from the first <paramref name="rows"/> rows of the customers CSV.</summary>
        public static void LoadCustomers(string dbPath, string customersCsv, int rows)
        {
            Execute(dbPath, "CREATE TABLE customers (CustomerId INTEGER PRIMARY KEY, Age REAL, Tenure REAL, MonthlyCharges REAL, SupportCalls REAL, Plan TEXT, Region TEXT, HasPartner TEXT, Churned TEXT)");
            var lines = File.ReadAllLines(customersCsv).Skip(1).Take(rows).Select(l => l.Split(','));
            string Value(string v, bool text) => v.Length == 0 ? "NULL" : text ? "'" + v + "'" : v;
            string values = string.Join(",\n", lines.Select(f => "(" + string.Join(", ", f.Select((v, i) => Value(v, i >= 5))) + ")"));
            Execute(dbPath, "INSERT INTO customers VALUES " + values);
        }

        public static void Execute(string dbPath, string sql)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        /// <summary>The customers CSV (first <paramref name="rows"/> rows, all when null) as table 'customers' in a store file.</summary>
        public static void LoadCustomers(string dbPath, string customersCsv, int? rows = null)
        {
            Execute(dbPath, "CREATE TABLE customers (CustomerId INTEGER PRIMARY KEY, Age REAL, Tenure REAL, MonthlyCharges REAL, SupportCalls REAL, Plan TEXT, Region TEXT, HasPartner TEXT, Churned TEXT)");
            var lines = File.ReadAllLines(customersCsv).Skip(1).Take(rows ?? int.MaxValue).Select(l => l.Split(','));
            string Value(string v, bool text) => v.Length == 0 ? "NULL" : text ? "'" + v + "'" : v;
            Execute(dbPath, "INSERT INTO customers VALUES " + string.Join(",\n", lines.Select(f => "(" + string.Join(", ", f.Select((v, i) => Value(v, i >= 5))) + ")")));
        }

        public static long Scalar(string dbPath, string sql)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
