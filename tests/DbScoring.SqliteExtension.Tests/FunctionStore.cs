using System;
using System.Collections.Generic;
using System.IO;
using DbScoring.Runtime;
using DbScoring.Runtime.Format;
using DbScoring.Store;
using DbScoring.Store.Sqlite;
using DbScoring.Testing;
using Microsoft.Data.Sqlite;
using RuntimeTestModels = DbScoring.Runtime.Tests.TestModels;
using StoreModels = DbScoring.Store.Tests.TestModels;

namespace DbScoring.SqliteExtension.Tests
{
    /// <summary>
    /// Store files made by our own code for the function suite, once per test class:
    /// <list type="bullet">
    /// <item><c>store.db</c>: churn v1 (production) and v2 (challenger), mlnet_churn (an ML.NET SDCA logistic
    /// regression through the converter: ChurnModels.Churn), each runtime test model (binary_linear,
    /// binary_tree, regression_forest, poisson_linear, multiclass_linear, ova; alias production), a <c>customers</c>
    /// table (churn inputs, missing values, an unseen plan) and a <c>feature_rows</c> table (the runtime models' inputs:
    /// NULLs, unseen categories, unparsable numbers, non-ASCII text).</item>
    /// <item><c>tampered.db</c>: the same, then churn v1's stored blob altered behind the registry's back.</item>
    /// <item><c>plain.db</c>: an ordinary database with no registry.</item>
    /// </list>
    /// </summary>
    public sealed class FunctionStore : IDisposable
    {
        public const int Customers = 60;
        public const int FeatureRows = 150;

        public FunctionStore()
        {
            Directory.CreateDirectory(Folder);
            Create(StorePath);
            Create(TamperedPath);
            Sql(TamperedPath,
                "DROP TRIGGER Private_ModelVersion_RefuseUpdate;" +
                "UPDATE ModelVersion SET ModelBlob = CAST(substr(ModelBlob, 1, 40) || x'FF' || substr(ModelBlob, 42) AS BLOB) " +
                "WHERE VersionNumber = 1 AND ModelId = (SELECT ModelId FROM Model WHERE ModelName = 'churn');");
            Sql(PlainPath, "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");
        }

        public string Folder { get; } = Path.Combine(Path.GetTempPath(), "dbscoring-sqlfn-" + Guid.NewGuid().ToString("N"));
        public string StorePath => Path.Combine(Folder, "store.db");
        public string TamperedPath => Path.Combine(Folder, "tampered.db");
        public string PlainPath => Path.Combine(Folder, "plain.db");

        /// <summary>The runtime test models as registered: SQL model name → definition.</summary>
        public static IReadOnlyList<(string Name, ModelDefinition Definition)> RuntimeModels { get; } = new[]
        {
            ("binary_linear", RuntimeTestModels.BinaryLinear()), ("binary_tree", RuntimeTestModels.BinaryTree()),
            ("regression_forest", RuntimeTestModels.RegressionForest()), ("poisson_linear", RuntimeTestModels.PoissonLinear()),
            ("multiclass_linear", RuntimeTestModels.MulticlassLinear()), ("ova", RuntimeTestModels.OneVersusAll()),
        };

        /// <summary>The rows of <c>feature_rows</c>, Id = index + 1.</summary>
        internal static IReadOnlyList<RuntimeTestModels.Row> Rows { get; } = RuntimeTestModels.Rows(FeatureRows, seed: 7);

        /// <summary>The arguments after the model reference for the runtime models, over feature_rows' columns.</summary>
        public const string FeatureArguments = "'Age', Age, 'Plan', Plan, 'Tenure', Tenure, 'City', City, 'IsVip', IsVip, 'Income', Income";

        /// <summary>The arguments after the model reference for churn, over customers' columns.</summary>
        public const string ChurnArguments = "'Age', Age, 'Tenure', Tenure, 'Plan', Plan";

        private static void Create(string path)
        {
            using (var store = new SqliteModelStore(path))
            {
                store.EnsureSchema();
                store.RegisterVersion(new RegisterRequest { Model = "churn", Blob = StoreModels.Churn(), RegisteredBy = "tester" });
                store.RegisterVersion(new RegisterRequest { Model = "churn", Blob = StoreModels.Churn(bias: 0.5f), RegisteredBy = "tester" });
                store.SetAlias("churn", "production", 1);
                store.SetAlias("churn", "challenger", 2);
                store.RegisterVersion(new RegisterRequest { Model = "mlnet_churn", Blob = ChurnModels.Churn, RegisteredBy = "tester" });
                store.SetAlias("mlnet_churn", "production", 1);
                foreach (var (name, definition) in RuntimeModels)
                {
                    store.RegisterVersion(new RegisterRequest { Model = name, Blob = ModelSerializer.Write(definition), RegisteredBy = "tester" });
                    store.SetAlias(name, "production", 1);
                }
            }
            using var c = Open(path);
            using var tx = c.BeginTransaction();
            Execute(c, "CREATE TABLE customers (Id INTEGER PRIMARY KEY, Age REAL, Tenure REAL, Plan TEXT)");
            for (int i = 1; i <= Customers; i++)
            {
                var x = StoreModels.Customer(i);
                Execute(c, "INSERT INTO customers VALUES ($id, $age, $tenure, $plan)",
                    ("$id", x.Id), ("$age", x.Age), ("$tenure", x.Tenure), ("$plan", x.Plan));
            }
            Execute(c, "CREATE TABLE feature_rows (Id INTEGER PRIMARY KEY, Age REAL, Plan TEXT, Tenure REAL, City TEXT, IsVip REAL, Income TEXT)");
            for (int i = 0; i < Rows.Count; i++)
            {
                var r = Rows[i];
                Execute(c, "INSERT INTO feature_rows VALUES ($id, $age, $plan, $tenure, $city, $vip, $income)",
                    ("$id", i + 1L), ("$age", NullIfNaN(r.Age)), ("$plan", r.Plan), ("$tenure", NullIfNaN(r.Tenure)),
                    ("$city", r.City), ("$vip", NullIfNaN(r.IsVip)), ("$income", r.Income));
            }
            tx.Commit();
        }

        private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;

        private static SqliteConnection Open(string path)
        {
            var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            c.Open();
            return c;
        }

        private static void Sql(string path, string sql)
        {
            using var c = Open(path);
            Execute(c, sql);
        }

        private static void Execute(SqliteConnection c, string sql, params (string Name, object? Value)[] parameters)
        {
            using var command = c.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            command.ExecuteNonQuery();
        }

        public void Dispose()
        {
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
