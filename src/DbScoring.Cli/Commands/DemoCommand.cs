using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using DbScoring.Cli.Demo;
using DbScoring.Conversion.Data;
using DbScoring.Runtime;
using DbScoring.Store;
using DbScoring.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace DbScoring.Cli.Commands
{
    /// <summary>
    /// <c>dbscoring demo</c>: the whole lifecycle on the embedded store, narrated — train, register (parity gate),
    /// promote, score a table in SQL, challenger, compare, promote, roll back, audit. Each step runs the real
    /// command in-process and prints it, so the narration doubles as a tutorial.
    /// </summary>
    public sealed class DemoCommand : CliCommand
    {
        private const string Model = "churn";

        /// <inheritdoc />
        public override string Name => "demo";

        /// <inheritdoc />
        public override string Summary => "Run the end-to-end demo on the embedded store: train, register, promote, score in SQL, roll back, audit.";

        private readonly Option<string> _folder = CliOptions.Text("--folder", "where the data, models and store go (default ./demo-output)", "dir");
        private readonly Option<int> _rows = CliOptions.Int("--rows", "customers to generate", 30_000, 100, 10_000_000);
        private readonly Option<string> _data = CliOptions.Text("--data", "use this customers file instead (CustomerId, Age, Tenure, MonthlyCharges,\n" +
                                                                            "SupportCalls, Plan, Region, HasPartner, Churned)", "customers.csv");

        /// <inheritdoc />
        public override IEnumerable<Symbol> Symbols => new Symbol[] { _folder, _rows, _data, StoreCommand.StoreOption };

        /// <inheritdoc />
        public override string Details =>
            "The model lifecycle, narrated, each step a real dbscoring command (printed with a '$'):\n" +
            "  generate a churn table (or use --data, with the demo's columns) and train two ML.NET models,\n" +
            "  register v1 through the parity gate and promote it to production, load the customers table into\n" +
            "  the store's database, score it in SQL (score-table) and with a plain SELECT calling the registered\n" +
            "  SQL function, register v2 as challenger and compare the two score distributions, promote v2, roll\n" +
            "  back, and end with the auditor's view: alias history with who/when, the run log, and the\n" +
            "  predictions for one customer under each version.\n" +
            "The store is a fresh sqlite:<folder>/demo.db, recreated on every run (--store sqlite:<path> names another\n" +
            "SQLite file, which is kept and reused: registrations are recognised, scoring resumes; on SQL Server, run\n" +
            "the commands one by one). Files go to --folder (default ./demo-output). Well under a minute on two cores\n" +
            "with the default 30,000 rows.";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 3 a model failed the parity gate, 4 bad data file, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring demo\ndbscoring demo --rows 200000 --folder /tmp/demo\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string folder = Path.GetFullPath(args.Value(_folder) ?? "demo-output");
            int rows = args.Value(_rows);
            string? spec = args.Value(StoreCommand.StoreOption);
            if (spec != null && !spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
                throw new UsageException("The demo runs on the embedded store (--store sqlite:<path>). On SQL Server, run install, register, promote, " +
                                         "score-table and audit one by one (see 'dbscoring --help').");
            var o = context.Out;
            var clock = Stopwatch.StartNew();
            Directory.CreateDirectory(folder);
            if (spec == null)
            {
                string db = Path.Combine(folder, "demo.db");
                foreach (string file in new[] { db, db + "-wal", db + "-shm" }) File.Delete(file); // a rerun starts from a fresh store
                spec = "sqlite:" + db;
            }
            // Sub-commands read the store from DBSCORING_STORE, as a user would set it; the printed commands stay short.
            var sub = new CliContext(o, context.Error, name => name == ModelStoreFactory.EnvironmentVariable ? spec : context.Environment(name));
            string csv = args.Value(_data) ?? Path.Combine(folder, "customers.csv");
            string rel(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);

            o.WriteLine("DbScoring demo — a churn model from training to audited scoring inside the database.");
            o.WriteLine($"Store: {spec}   (to repeat any step yourself: export DBSCORING_STORE={spec})");

            Step(o, 1, args.Value(_data) == null ? $"Generate {rows:N0} customers (some values missing) and train two ML.NET models" : $"Use the customers in {csv} and train two ML.NET models");
            if (args.Value(_data) == null) DemoData.Write(csv, rows, seed: 2026);
            else ModelFiles.RequireFile(csv);
            string v1Zip = Path.Combine(folder, "churn-v1-logistic.zip"), v2Zip = Path.Combine(folder, "churn-v2-trees.zip");
            DemoTrainer.TrainLogistic(csv, v1Zip);
            DemoTrainer.TrainTrees(csv, v2Zip);
            o.WriteLine($"   v1: logistic regression → {rel(v1Zip)}");
            o.WriteLine($"   v2: boosted trees (100 × 20 leaves) → {rel(v2Zip)}");

            Step(o, 2, "Install the store's schema: registry, alias history, append-only audit tables (optional on SQLite: the first register creates them)");
            Run(sub, "install");

            Step(o, 3, "Register v1: the converter checks it against ML.NET on the table's rows (the parity gate), then stores it; promote it to production");
            int v1 = RegisteredVersion(Run(sub, "register", rel(v1Zip), "--name", Model, "--sample", rel(csv), "--notes", "logistic regression, demo"));
            Run(sub, "promote", Model, V(v1), "--alias", "production", "--reason", "first release");

            Step(o, 4, "Load the customers table into the store's database");
            long loaded = LoadCustomers(spec, csv, "customers");
            o.WriteLine($"   table customers: {loaded:N0} rows");

            Step(o, 5, "Score the table in SQL with the production model (batched, restartable, every prediction logged)");
            Run(sub, "score-table", $"{Model}@production", "--source", "customers", "--key", "CustomerId", "--target", "churn_scores", "--batch-size", "10000", "--log-inputs");

            Step(o, 6, "Any SQL query can score: the model is a registered SQL function");
            PlainQuery(o, spec);

            Step(o, 7, "Register v2 as challenger and score the same table with it (the same bytes registered twice are recognised)");
            int v2 = RegisteredVersion(Run(sub, "register", rel(v2Zip), "--name", Model, "--sample", rel(csv), "--alias", "challenger", "--notes", "boosted trees, demo"));
            Run(sub, "register", rel(v2Zip), "--name", Model, "--sample", rel(csv));
            Run(sub, "score-table", $"{Model}@challenger", "--source", "customers", "--key", "CustomerId", "--target", "churn_scores", "--batch-size", "10000", "--log-inputs");
            Run(sub, "versions", Model);

            Step(o, 8, "Compare the two versions' score distributions (one SQL query over churn_scores)");
            Compare(o, spec, v1, v2);

            Step(o, 9, "Promote v2 to production — then roll back: both are moves kept in the history, nothing is edited");
            Run(sub, "promote", Model, V(v2), "--alias", "production", "--reason", "challenger wins on AUC");
            Thread.Sleep(20);
            string whileV2 = StoreAccess.PreciseTime(DateTime.UtcNow);
            Thread.Sleep(20);
            Run(sub, "rollback", Model, "--alias", "production", "--reason", "complaints from the south region");
            Run(sub, "models");

            Step(o, 10, "The auditor's view: which version was in production when, who moved it; every run and its inputs (missing, unseen, out of range); what each version said about one customer");
            Run(sub, "audit", "aliases", "--model", Model);
            Run(sub, "audit", "aliases", "--model", Model, "--at", whileV2);
            Run(sub, "audit", "runs", "--model", Model);
            Run(sub, "audit", "inputs", "--run", "1");
            Run(sub, "audit", "predictions", "--key", "42", "--model", Model);

            Monitoring(o, sub, spec, folder, csv, rows, rel);
            Evidence(o, sub);

            o.WriteLine();
            o.WriteLine($"Done in {clock.Elapsed.TotalSeconds:N1} s. Data, models and the store ({spec}) are in {folder}.");
            return ExitCodes.Ok;
        }

        /// <summary>
        /// After the release: a drifted month scored with the challenger in the shadow of production (drift alert with its
        /// chart, champion against challenger), the month's outcomes (realised AUC per version), and broken rows scored by a
        /// fallback version instead of failing the run (docs/monitoring.md).
        /// </summary>
        private static void Monitoring(TextWriter o, CliContext sub, string spec, string folder, string csv, int rows, Func<string, string> rel)
        {
            const int MonthRows = 5_000;
            string month = Path.Combine(folder, "customers-month2.csv");
            DemoData.Write(month, MonthRows, seed: 2027, firstId: rows + 1, ageShift: 15, newPlanShare: 0.2);

            Step(o, 11, "A month later: 5,000 new customers, older, a fifth on a new 'student' plan. Scoring them measures drift against the production version's training profile; the challenger scores them in its shadow");
            LoadCustomers(spec, month, "customers_month2");
            string scored = Run(sub, "score-table", $"{Model}@production", "--source", "customers_month2", "--key", "CustomerId", "--target", "month2_scores", "--batch-size", "10000", "--shadow", "challenger");
            string run = System.Text.RegularExpressions.Regex.Match(scored, @"Run (\d+) ").Groups[1].Value;
            string chart = Path.Combine(folder, $"drift-run-{run}.png");
            Run(sub, "audit", "drift", "--run", run, "--plot", rel(chart));
            Run(sub, "audit", "compare", "--run", run);

            Step(o, 12, "The month's outcomes arrive: realised performance per version (the challenger's shadow predictions count for it)");
            string actuals = Path.Combine(folder, "actuals-month2.csv");
            File.WriteAllLines(actuals, File.ReadAllLines(month).Select(line => { var f = line.Split(','); return f[0] + "," + f[^1]; }));
            Run(sub, "outcomes", "record", "--model", Model, "--input", rel(actuals), "--key", "CustomerId", "--actual", "Churned");
            Run(sub, "audit", "performance", "--model", Model, "--plot", rel(Path.Combine(folder, "performance.png")));

            Step(o, 13, "Three rows arrive broken (Age 'unknown'): a fallback version (tenure, calls and plan only) scores them instead of failing the run");
            string v3Zip = Path.Combine(folder, "churn-v3-fallback.zip");
            DemoTrainer.TrainFallback(csv, v3Zip);
            Run(sub, "register", rel(v3Zip), "--name", Model, "--alias", "fallback", "--notes", "fallback: tenure, calls and plan only");
            using (var store = OpenSqlite(spec))
            using (var connection = store.OpenConnection())
            using (var insert = connection.CreateCommand())
            {
                insert.CommandText = "INSERT INTO customers_month2 (CustomerId, Age, Tenure, MonthlyCharges, SupportCalls, Plan, Region, HasPartner) VALUES " +
                    string.Join(", ", Enumerable.Range(1, 3).Select(i => $"({rows + MonthRows + i}, 'unknown', {10 * i}, 55.5, {i}, 'basic', 'north', 'true')"));
                insert.ExecuteNonQuery();
            }
            Run(sub, "score-table", $"{Model}@production", "--source", "customers_month2", "--key", "CustomerId", "--target", "month2_scores", "--fallback", "fallback");
        }

        /// <summary>
        /// Why a customer got its score (reason codes, docs/explanations.md) and why the log can be believed: the logged
        /// prediction replays bit for bit from the logged inputs and model bytes, and the audit chain verifies (docs/audit.md).
        /// </summary>
        private static void Evidence(TextWriter o, CliContext sub)
        {
            Step(o, 14, "Why did customer 42 get its score? Score with reason codes: the three strongest inputs go next to the score, every input's contribution into the log");
            string scored = Run(sub, "score-table", $"{Model}@production", "--source", "customers", "--key", "CustomerId", "--target", "churn_reasons", "--batch-size", "10000", "--log-inputs", "--explain", "3");
            string run = System.Text.RegularExpressions.Regex.Match(scored, @"Run (\d+) ").Groups[1].Value;
            Run(sub, "audit", "predictions", "--key", "42", "--model", Model);

            Step(o, 15, "The auditor's proof: replay customer 42's logged prediction from its logged inputs and model bytes, then verify the whole tamper-evident trail");
            Run(sub, "audit", "replay", "--run", run, "--key", "42");
            Run(sub, "audit", "verify");
        }

        private static void Step(TextWriter o, int number, string text)
        {
            o.WriteLine();
            o.WriteLine($"[{number}] {text}");
        }

        /// <summary>Prints and runs one dbscoring command, returning its output; a failure stops the demo with that command's exit code.</summary>
        private static string Run(CliContext context, params string[] args)
        {
            context.Out.WriteLine("$ dbscoring " + string.Join(" ", args.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? "\"" + a + "\"" : a)));
            var output = new StringWriter();
            int code = CliApp.Run(args, new CliContext(output, context.Error, context.Environment));
            context.Out.Write(output.ToString());
            if (code != ExitCodes.Ok) throw new DemoStepFailedException(code, $"The demo stopped: 'dbscoring {args[0]}' exited with code {code}.");
            return output.ToString();
        }

        /// <summary>The version number 'register' reported (new, or already registered when the store is reused).</summary>
        private static int RegisteredVersion(string registerOutput)
        {
            var match = System.Text.RegularExpressions.Regex.Match(registerOutput, @"(?:Registered \S+ version|already registered as version) (\d+)");
            return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException("register printed no version number:\n" + registerOutput);
        }

        private static string V(int version) => version.ToString(CultureInfo.InvariantCulture);

        private static SqliteModelStore OpenSqlite(string spec) =>
            (SqliteModelStore)ModelStoreFactory.Open(spec);

        /// <summary>Loads the CSV into table customers (dropped first); column types follow the values; empty fields are NULL.</summary>
        private static long LoadCustomers(string spec, string csv, string table)
        {
            using var store = OpenSqlite(spec);
            using var connection = store.OpenConnection();
            using var reader = CsvReader.Open(csv);
            var header = reader.Header;
            if (!header.Contains("CustomerId", StringComparer.OrdinalIgnoreCase))
                throw new InvalidDataException($"{csv} has no CustomerId column; the demo's columns are {DemoData.Header}.");
            string Q(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            using (var drop = connection.CreateCommand())
            {
                drop.CommandText = $"DROP TABLE IF EXISTS {Q(table)}; CREATE TABLE {Q(table)} (" +
                                   string.Join(", ", header.Select(h => string.Equals(h, "CustomerId", StringComparison.OrdinalIgnoreCase) ? Q(h) + " INTEGER PRIMARY KEY" : Q(h))) + ");";
                drop.ExecuteNonQuery();
            }
            long count = 0;
            using var tx = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO {Q(table)} ({string.Join(", ", header.Select(Q))}) VALUES ({string.Join(", ", header.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
            var parameters = header.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), null))).ToArray();
            var fields = new List<string>();
            while (reader.ReadRow(fields))
            {
                for (int i = 0; i < parameters.Length; i++)
                {
                    string value = i < fields.Count ? fields[i] : "";
                    parameters[i].Value = value.Length == 0 ? DBNull.Value
                        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : value;
                }
                insert.ExecuteNonQuery();
                count++;
            }
            tx.Commit();
            return count;
        }

        private static void PlainQuery(TextWriter o, string spec)
        {
            using var store = OpenSqlite(spec);
            var model = ScoringModel.Load(store.GetBlob(ModelRef.Parse(Model + "@production")));
            string arguments = string.Join(", ", model.Inputs.Select(i => $"'{i.Name}', {i.Name}"));
            string sql = $"SELECT CustomerId, Plan, Tenure,\n       dbscoring_label('{Model}@production', {arguments}) AS label,\n" +
                         $"       round(dbscoring_probability('{Model}@production', {arguments}), 4) AS probability\nFROM customers ORDER BY CustomerId LIMIT 5;";
            o.WriteLine("   sqlite> " + sql.Replace("\n", "\n           ", StringComparison.Ordinal));
            using var connection = store.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var table = new TextTable("CustomerId", "Plan", "Tenure", "label", "probability");
            while (reader.Read()) table.Add(Enumerable.Range(0, 5).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
            table.Write(o, "   ");
        }

        private static void Compare(TextWriter o, string spec, int v1, int v2)
        {
            using var store = OpenSqlite(spec);
            using var connection = store.OpenConnection();
            const string sql =
                "SELECT v.VersionNumber, min(4, CAST(s.Probability * 5 AS INTEGER)) AS bucket, count(*) FROM churn_scores AS s " +
                "JOIN ModelVersion AS v ON v.ModelVersionId = s.ModelVersionId GROUP BY 1, 2 ORDER BY 1, 2";
            var counts = new Dictionary<(int Version, int Bucket), long>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = sql;
                using var reader = command.ExecuteReader();
                while (reader.Read()) if (!reader.IsDBNull(1)) counts[(reader.GetInt32(0), reader.GetInt32(1))] = reader.GetInt64(2);
            }
            var table = new TextTable("probability", $"v{v1} rows", $"v{v2} rows");
            for (int bucket = 0; bucket < 5; bucket++)
                table.Add($"[{bucket / 5.0:0.0}, {(bucket + 1) / 5.0:0.0}{(bucket == 4 ? "]" : ")")}",
                    counts.GetValueOrDefault((v1, bucket)), counts.GetValueOrDefault((v2, bucket)));
            table.Write(o, "   ");
            using var summary = connection.CreateCommand();
            summary.CommandText =
                "SELECT avg(a.Probability), avg(b.Probability), sum((a.Probability > 0.5) <> (b.Probability > 0.5)), count(*) " +
                "FROM churn_scores AS a JOIN ModelVersion AS va ON va.ModelVersionId = a.ModelVersionId AND va.VersionNumber = $v1 " +
                "JOIN churn_scores AS b ON b.CustomerId = a.CustomerId JOIN ModelVersion AS vb ON vb.ModelVersionId = b.ModelVersionId AND vb.VersionNumber = $v2";
            summary.Parameters.AddWithValue("$v1", v1);
            summary.Parameters.AddWithValue("$v2", v2);
            using var r = summary.ExecuteReader();
            if (r.Read() && !r.IsDBNull(0))
                o.WriteLine($"   mean probability v{v1} {r.GetDouble(0):0.000}, v{v2} {r.GetDouble(1):0.000}; the versions disagree (at 0.5) on {r.GetInt64(2):N0} of {r.GetInt64(3):N0} customers");
        }
    }

    /// <summary>A demo step's command failed; carries its exit code (its error is already printed).</summary>
    public sealed class DemoStepFailedException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public DemoStepFailedException(int exitCode, string message) : base(message) => ExitCode = exitCode;

        /// <summary>The failed command's exit code.</summary>
        public int ExitCode { get; }
    }
}
