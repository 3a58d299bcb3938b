using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace DbScoring.Cli.Tests
{
    [Collection("trained models")]
    public sealed class StoreCommandTests
    {
        private readonly TrainedModels _models;
        private readonly string _folder;
        private readonly string _db;
        private readonly string _store;

        public StoreCommandTests(TrainedModels models)
        {
            _models = models;
            _folder = models.NewFolder();
            _db = Path.Combine(_folder, "store.db");
            _store = "sqlite:" + _db;
        }

        private CliResult Expect(int code, params string[] args) => Cli.Expect(code, args.Concat(new[] { "--store", _store }).ToArray());

        private void InstallAndRegisterBinary() => Expect(0, "register", _models.BinaryZip, "--name", "churn", "--sample", _models.Customers);

        private void LoadCustomersTable(int rows) => RawSql.LoadCustomers(_db, _models.Customers, rows);

        [Theory]
        [InlineData("nosuchcommand")]
        [InlineData("models", "--frobnicate")]
        [InlineData("register")]
        [InlineData("register", "x.zip")]
        [InlineData("register", "x.zip", "--name", "9bad")]
        [InlineData("promote", "churn", "two", "--alias", "production")]
        [InlineData("promote", "churn", "1")]
        [InlineData("rollback", "churn")]
        [InlineData("show", "churn@prod:3")]
        [InlineData("score-table", "churn", "--source", "customers", "--target", "t")]
        [InlineData("score-table", "churn", "--source", "customers", "--key", "CustomerId", "--target", "t", "--batch-size", "0")]
        [InlineData("audit")]
        [InlineData("audit", "everything")]
        [InlineData("audit", "predictions")]
        [InlineData("audit", "aliases", "--at", "yesterday")]
        [InlineData("audit", "runs", "--limit", "-3")]
        [InlineData("export", "churn:1")]
        [InlineData("versions")]
        public void Bad_arguments_exit_with_code_2(params string[] args)
        {
            var result = Expect(2, args);
            Assert.Contains("error", result.Err);
        }

        [Fact]
        public void A_new_sqlite_store_needs_no_install_and_read_commands_never_create_it()
        {
            foreach (var read in new[] { new[] { "models" }, new[] { "versions", "churn" }, new[] { "show", "churn" }, new[] { "audit", "runs" }, new[] { "audit", "aliases" } })
            {
                var refused = Expect(6, read);
                Assert.Contains("does not exist", refused.Err);
                Assert.Contains("dbscoring register", refused.Err);
            }
            Assert.False(File.Exists(_db), "a read-only command created the store file");

            Assert.Contains("Registered churn version 1", Expect(0, "register", _models.BinaryZip, "--name", "churn").Out);
            Assert.Contains("churn", Expect(0, "models").Out);
            Assert.Contains("nothing changed", Expect(0, "install").Out); // install stays, for an explicit upgrade
            using var json = JsonDocument.Parse(Expect(0, "install", "--json").Out);
            Assert.False(json.RootElement.GetProperty("changed").GetBoolean());
        }

        [Fact]
        public void Install_creates_the_schema_explicitly_and_is_idempotent()
        {
            Assert.Contains("Installed schema version", Expect(0, "install").Out);
            Assert.Contains("nothing changed", Expect(0, "install").Out);
            Assert.Contains("No models", Expect(0, "models").Out);
        }

        /// <summary>
        /// The auditor's case: the store on a share they may only read. Run as a user without write access to the folder
        /// (root ignores permissions, so as root the tool runs as 'nobody' through setpriv).
        /// </summary>
        [Fact]
        public void A_store_in_a_read_only_folder_is_readable_by_a_user_who_cannot_write_there()
        {
            if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("This test switches users with Linux's setpriv.");
            InstallAndRegisterBinary();
            Expect(0, "promote", "churn", "1", "--alias", "production");
            LoadCustomersTable(20);
            Expect(0, "score-table", "churn", "--source", "customers", "--key", "CustomerId", "--target", "scores");
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var readOnly = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            File.SetUnixFileMode(_db, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.SetUnixFileMode(_folder, readOnly);
            try
            {
                Assert.Equal(new[] { "store.db" }, Directory.GetFiles(_folder).Select(Path.GetFileName)); // the WAL was merged when the writers closed
                string spec = _store + "?mode=ro";
                Assert.Contains("churn", RunAsReader("models", "--store", spec));
                Assert.Contains("production", RunAsReader("show", "churn", "--store", spec));
                Assert.Contains("Succeeded", RunAsReader("audit", "runs", "--store", spec));
                Assert.Contains("\"runId\": 1", RunAsReader("audit", "predictions", "--key", "7", "--json", "--store", spec));
                Assert.Equal(new[] { "store.db" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
            }
            finally
            {
                File.SetUnixFileMode(_folder, readOnly | UnixFileMode.UserWrite);
            }
        }

        /// <summary>Runs the real tool as a user who cannot write to the store's folder; returns stdout, failing on a non-zero exit.</summary>
        private static string RunAsReader(params string[] args)
        {
            bool root = Environment.IsPrivilegedProcess;
            string tool = Path.Combine(root && OperatingSystem.IsLinux() ? ReaderToolDirectory.Value : AppContext.BaseDirectory, "dbscoring.dll");
            var start = new System.Diagnostics.ProcessStartInfo(root ? "setpriv" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            if (root) foreach (string a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet" }) start.ArgumentList.Add(a);
            start.ArgumentList.Add(tool);
            foreach (string a in args) start.ArgumentList.Add(a);
            start.Environment["HOME"] = Path.GetTempPath();
            start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
            using var process = System.Diagnostics.Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd(), error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"dbscoring {string.Join(" ", args)} as {(root ? "nobody" : "this user")} exited {process.ExitCode}:\n{output}\n{error}");
            return output;
        }

        /// <summary>
        /// The built tool's folder, or a hard-linked copy of it under the temp folder when 'nobody' cannot reach the
        /// build output (a clone inside a private folder such as one made by mktemp -d).
        /// </summary>
        [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        private static readonly Lazy<string> ReaderToolDirectory = new(ToolDirectoryNobodyCanRead);

        [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        private static string ToolDirectoryNobodyCanRead()
        {
            string built = AppContext.BaseDirectory.TrimEnd('/');
            bool reachable = true;
            for (var d = new DirectoryInfo(built); d != null; d = d.Parent)
                reachable &= (File.GetUnixFileMode(d.FullName) & UnixFileMode.OtherExecute) != 0;
            if (reachable) return built;
            string copy = Path.Combine(Path.GetTempPath(), "dbscoring-reader-tool-" + Guid.NewGuid().ToString("N"));
            foreach (string[] cp in new[] { new[] { "-al", built, copy }, new[] { "-a", built, copy } })
            {
                var start = new System.Diagnostics.ProcessStartInfo("cp");
                foreach (string a in cp) start.ArgumentList.Add(a);
                using var process = System.Diagnostics.Process.Start(start)!;
                process.WaitForExit();
                if (process.ExitCode == 0) return copy;
                if (Directory.Exists(copy)) Directory.Delete(copy, recursive: true);
            }
            throw new InvalidOperationException($"Could not copy {built} to {copy} for the user 'nobody'.");
        }

        [Fact]
        public void Install_for_sql_server_says_clearly_when_the_generated_installer_is_missing()
        {
            var result = Cli.Expect(4, "install", "--store", "Server=127.0.0.1,1;Database=Scoring;Integrated Security=true", "--installer", Path.Combine(_folder, "none.sql"));
            Assert.Contains("build.ps1 package", result.Err);
            Assert.Equal(2, Cli.Run("install", "--store", _store, "--script", Path.Combine(_folder, "x.sql")).Code); // SQLite has no script
        }

        [Fact]
        public void Install_with_script_writes_the_installer_without_connecting()
        {
            string installer = Path.Combine(_folder, "DbScoring.Install.sql");
            File.WriteAllText(installer, "PRINT 'installer';\nGO\n");
            string output = Path.Combine(_folder, "review.sql");
            Cli.Expect(0, "install", "--store", "Server=127.0.0.1,1;Database=Scoring;Integrated Security=true", "--installer", installer, "--script", output);
            Assert.Equal(File.ReadAllBytes(installer), File.ReadAllBytes(output));
        }

        [Fact]
        public void Registering_the_same_bytes_twice_returns_the_same_version()
        {
            InstallAndRegisterBinary();
            var again = Expect(0, "register", _models.BinaryZip, "--name", "churn", "--sample", _models.Customers);
            Assert.Contains("already registered as version 1", again.Out);
            // The .dbsm the converter writes for the same model is the same bytes: recognised too.
            string blob = Path.Combine(_folder, "churn.dbsm");
            Cli.Expect(0, "convert", _models.BinaryZip, "--output", blob, "--sample", _models.Customers, "--name", "churn");
            using var json = JsonDocument.Parse(Expect(0, "register", blob, "--name", "churn", "--json").Out);
            Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
            Assert.False(json.RootElement.GetProperty("isNew").GetBoolean());
            Assert.Equal(1, RawSql.Scalar(_db, "SELECT count(*) FROM ModelVersion"));
            Assert.Contains("version 2", Expect(0, "register", _models.BinaryZip2, "--name", "churn").Out);
        }

        [Fact]
        public void Registering_shows_the_parity_figures_and_can_move_an_alias()
        {
            Expect(0, "install");
            var result = Expect(0, "register", _models.BinaryZip, "--name", "churn", "--sample", _models.Customers, "--alias", "staging", "--notes", "first try");
            Assert.Contains("parity", result.Out);
            Assert.Contains("passed", result.Out);
            Assert.Contains("Alias staging", result.Out);
            var show = Expect(0, "show", "churn@staging");
            Assert.Contains("first try", show.Out);
            Assert.Contains("binary.zip", show.Out);
        }

        [Fact]
        public void Unknown_models_aliases_and_versions_exit_with_code_5()
        {
            InstallAndRegisterBinary();
            Assert.Contains("No model is named 'nosuch'", Expect(5, "show", "nosuch").Err);
            Assert.Contains("no alias 'production'", Expect(5, "show", "churn").Err);
            Assert.Contains("no version 7", Expect(5, "show", "churn:7").Err);
            Expect(5, "versions", "nosuch");
            Expect(5, "promote", "churn", "7", "--alias", "production");
            Expect(5, "promote", "nosuch", "1", "--alias", "production");
            Expect(5, "rollback", "churn", "--alias", "production");
            Expect(5, "export", "churn:9", "--output", Path.Combine(_folder, "x.dbsm"));
            Expect(5, "score-table", "churn@production", "--source", "customers", "--key", "CustomerId", "--target", "scores");
            Expect(5, "audit", "runs", "--model", "nosuch");
            Expect(5, "audit", "aliases", "--model", "nosuch");
        }

        [Fact]
        public void Models_versions_and_show_print_tables_and_json()
        {
            InstallAndRegisterBinary();
            Expect(0, "register", _models.BinaryZip2, "--name", "churn");
            Expect(0, "promote", "churn", "1", "--alias", "production");
            var models = Expect(0, "models");
            Assert.Contains("MODEL", models.Out);
            Assert.Contains("production=1", models.Out);
            using (var json = JsonDocument.Parse(Expect(0, "models", "--json").Out))
                Assert.Equal(2, json.RootElement[0].GetProperty("latestVersion").GetInt32());
            var versions = Expect(0, "versions", "churn");
            Assert.Contains("VERSION", versions.Out);
            Assert.Contains("FastTree", versions.Out);
            using (var json = JsonDocument.Parse(Expect(0, "versions", "churn", "--json").Out))
                Assert.Equal(2, json.RootElement.GetArrayLength());
            using (var json = JsonDocument.Parse(Expect(0, "show", "churn", "--json").Out))
            {
                Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
                Assert.Equal("production", json.RootElement.GetProperty("resolvedAlias").GetString());
                Assert.Equal(64, json.RootElement.GetProperty("blobSha256").GetString()!.Length);
            }
        }

        [Fact]
        public void Promote_and_rollback_are_moves_kept_in_the_alias_history()
        {
            InstallAndRegisterBinary();
            Expect(0, "register", _models.BinaryZip2, "--name", "churn");
            Expect(0, "promote", "churn", "1", "--alias", "production");
            Assert.Contains("nothing moved", Expect(0, "promote", "churn", "1", "--alias", "production").Out);
            Assert.Contains("version 1 → version 2", Expect(0, "promote", "churn", "2", "--alias", "production", "--reason", "better").Out);
            System.Threading.Thread.Sleep(15);
            string whileV2 = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            System.Threading.Thread.Sleep(15);
            Assert.Contains("version 2 → version 1", Expect(0, "rollback", "churn", "--alias", "production").Out);
            Assert.Contains("\"version\": 1", Expect(0, "show", "churn", "--json").Out);

            using var json = JsonDocument.Parse(Expect(0, "audit", "aliases", "--model", "churn", "--json").Out);
            var history = json.RootElement.GetProperty("history").EnumerateArray().ToList();
            Assert.Equal(new[] { 1, 2, 1 }, history.Select(h => h.GetProperty("toVersion").GetInt32()));
            Assert.StartsWith("Rollback", history[2].GetProperty("reason").GetString());
            Assert.All(history, h => Assert.False(string.IsNullOrEmpty(h.GetProperty("movedBy").GetString())));
            using var at = JsonDocument.Parse(Expect(0, "audit", "aliases", "--model", "churn", "--at", whileV2, "--json").Out);
            Assert.Equal(2, at.RootElement.GetProperty("pointers")[0].GetProperty("version").GetInt32());
            var text = Expect(0, "audit", "aliases", "--model", "churn");
            Assert.Contains("Alias history", text.Out);
            Assert.Contains("Rollback", text.Out);
        }

        [Fact]
        public void Export_writes_the_registered_bytes_exactly()
        {
            Expect(0, "install");
            string blob = Path.Combine(_folder, "churn.dbsm");
            Cli.Expect(0, "convert", _models.BinaryZip, "--output", blob);
            Expect(0, "register", blob, "--name", "churn");
            string exported = Path.Combine(_folder, "exported.dbsm");
            Assert.Contains("matches the registered bytes", Expect(0, "export", "churn:1", "--output", exported).Out);
            Assert.Equal(File.ReadAllBytes(blob), File.ReadAllBytes(exported));
        }

        [Fact]
        public void A_tampered_stored_blob_is_reported_and_never_scored_or_exported()
        {
            InstallAndRegisterBinary();
            Expect(0, "promote", "churn", "1", "--alias", "production");
            LoadCustomersTable(50);
            RawSql.Execute(_db, "DROP TRIGGER Private_ModelVersion_RefuseUpdate");
            RawSql.Execute(_db, "UPDATE ModelVersion SET ModelBlob = CAST(substr(ModelBlob, 1, 40) || x'FF' || substr(ModelBlob, 42) AS BLOB)");

            var score = Expect(3, "score-table", "churn", "--source", "customers", "--key", "CustomerId", "--target", "scores");
            Assert.Contains("SHA-256", score.Err);
            Assert.Contains("altered", score.Err);
            Assert.Equal(0, RawSql.Scalar(_db, "SELECT count(*) FROM PredictionLog"));
            Assert.Equal(0, RawSql.Scalar(_db, "SELECT count(*) FROM sqlite_master WHERE name = 'scores'") == 0 ? 0 : RawSql.Scalar(_db, "SELECT count(*) FROM scores"));

            string exported = Path.Combine(_folder, "exported.dbsm");
            Assert.Contains("altered", Expect(3, "export", "churn:1", "--output", exported).Err);
            Assert.False(File.Exists(exported));
            var show = Expect(3, "show", "churn:1");
            Assert.Contains("altered", show.Err);
            Assert.DoesNotContain("verified", show.Out);
        }

        [Fact]
        public void A_bad_value_met_by_score_table_is_bad_data_naming_the_rows_and_the_good_rows_are_committed()
        {
            InstallAndRegisterBinary();
            LoadCustomersTable(300);
            RawSql.Execute(_db, "UPDATE customers SET Age = 'forty' WHERE CustomerId BETWEEN 201 AND 212");
            var run = Expect(4, "score-table", "churn:1", "--source", "customers", "--key", "CustomerId", "--target", "scores", "--batch-size", "100");
            Assert.Contains("288 rows scored", run.Out);
            Assert.Contains("12 refused", run.Out);
            Assert.DoesNotContain("SQLite Error", run.Out + run.Err);
            Assert.Contains("error: run 1 refused 12 rows of customers", run.Err);
            Assert.Contains("The first 10:", run.Err);
            for (int id = 201; id <= 210; id++) Assert.Contains($"  CustomerId={id}: Input 'Age' expects a number, but the value is 'forty'.", run.Err);
            Assert.DoesNotContain("CustomerId=211", run.Err);
            Assert.Contains("--fallback", run.Err);
            Assert.Equal(288, RawSql.Scalar(_db, "SELECT count(*) FROM scores WHERE Status = 'Scored'"));
            Assert.Equal(12, RawSql.Scalar(_db, "SELECT count(*) FROM scores WHERE Status = 'Refused' AND Reason LIKE '%Age%forty%'"));

            // Same run as JSON: the same exit code, the run's counts and the named rows; a rerun tries the refused rows only.
            var json = JsonDocument.Parse(Expect(4, "score-table", "churn:1", "--source", "customers", "--key", "CustomerId", "--target", "scores", "--json").Out).RootElement;
            Assert.Equal(0, json.GetProperty("rowsScored").GetInt64());
            Assert.Equal(12, json.GetProperty("rowsRefused").GetInt64());
            Assert.Equal(10, json.GetProperty("refusedRows").GetArrayLength());
            Assert.Equal("201", json.GetProperty("refusedRows")[0].GetProperty("rowKey").GetString());

            RawSql.Execute(_db, "UPDATE customers SET Age = 40 WHERE CustomerId BETWEEN 201 AND 212");
            var fixedRun = Expect(0, "score-table", "churn:1", "--source", "customers", "--key", "CustomerId", "--target", "scores");
            Assert.Contains("12 rows scored", fixedRun.Out);
            Assert.DoesNotContain("refused", fixedRun.Out + fixedRun.Err);
            Assert.Equal(300, RawSql.Scalar(_db, "SELECT count(*) FROM scores WHERE Status = 'Scored'"));
            Assert.Equal(300, RawSql.Scalar(_db, "SELECT count(*) FROM scores"));
        }

        [Fact]
        public void Refused_rows_of_a_key_of_several_columns_are_named_by_each_key_column()
        {
            InstallAndRegisterBinary();
            LoadCustomersTable(20);
            RawSql.Execute(_db, "ALTER TABLE customers ADD COLUMN Batch INTEGER NOT NULL DEFAULT 7; UPDATE customers SET Age = 'n/a' WHERE CustomerId = 5");
            var run = Expect(4, "score-table", "churn:1", "--source", "customers", "--key", "Batch,CustomerId", "--target", "scores");
            Assert.Contains("error: run 1 refused 1 row of customers (", run.Err);
            Assert.Contains("  Batch=7, CustomerId=5: Input 'Age' expects a number, but the value is 'n/a'.", run.Err);
            Assert.DoesNotContain("The first", run.Err);
        }

        [Fact]
        public void Audit_inputs_counts_empty_text_in_a_number_column_as_missing_as_scoring_does()
        {
            InstallAndRegisterBinary();
            LoadCustomersTable(50);
            RawSql.Execute(_db, "UPDATE customers SET Age = NULL; UPDATE customers SET Age = '' WHERE CustomerId <= 10; UPDATE customers SET Age = ' NA ' WHERE CustomerId = 11");
            Expect(0, "score-table", "churn:1", "--source", "customers", "--key", "CustomerId", "--target", "scores", "--log-inputs");
            using var inputs = JsonDocument.Parse(Expect(0, "audit", "inputs", "--run", "1", "--json").Out);
            var age = inputs.RootElement.EnumerateArray().Single(i => i.GetProperty("inputName").GetString() == "Age");
            Assert.Equal(50, age.GetProperty("missing").GetInt64());    // NULL, '' and ' NA ' alike
            Assert.Equal(0, age.GetProperty("belowRange").GetInt64());  // '' is not the number 0
            Assert.Equal(50, RawSql.Scalar(_db, "SELECT count(*) FROM scores")); // scoring read every one of them as missing, none as a bad value
        }

        [Fact]
        public void Score_table_tells_an_empty_source_from_one_already_scored_and_counts_in_words()
        {
            InstallAndRegisterBinary();
            LoadCustomersTable(5);
            RawSql.Execute(_db, "CREATE TABLE nobody AS SELECT * FROM customers WHERE 0");
            Assert.Contains("the source has no rows", Expect(0, "score-table", "churn:1", "--source", "nobody", "--key", "CustomerId", "--target", "scores").Out);
            var first = Expect(0, "score-table", "churn:1", "--source", "customers", "--key", "CustomerId", "--target", "scores").Out;
            Assert.Contains("5 rows scored", first);
            Assert.Contains("in 1 batch,", first);
            Assert.Contains("every row was already scored", Expect(0, "score-table", "churn:1", "--source", "customers", "--key", "CustomerId", "--target", "scores").Out);

            // The same rows/s in the run line and in audit runs.
            string rate = System.Text.RegularExpressions.Regex.Match(first, @"\(([\d,]+) rows/s\)").Groups[1].Value;
            Assert.NotEqual("", rate);
            var runLine = Expect(0, "audit", "runs", "--limit", "3").Out.Split('\n').Single(l => l.StartsWith("2 ", StringComparison.Ordinal));
            Assert.Contains(" " + rate + " ", runLine);
        }

        [Fact]
        public void The_blob_sha256_and_the_content_hash_are_named_apart_and_reproducible_with_sha256sum()
        {
            string blob = Path.Combine(_folder, "churn.dbsm");
            var converted = Cli.Expect(0, "convert", _models.BinaryZip, "--output", blob).Out;
            byte[] bytes = File.ReadAllBytes(blob);
            string fileSha = System.Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            string contentSha = System.Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)));
            Assert.NotEqual(fileSha, contentSha);
            Assert.Contains("blob sha256:  " + fileSha, converted);
            Assert.Contains("content hash: " + contentSha, converted);
            Assert.DoesNotContain("  sha256:", converted);

            Expect(0, "register", blob, "--name", "churn");
            var show = Expect(0, "show", "churn:1").Out;
            Assert.Contains("blob sha256:   " + fileSha, show);
            Assert.Contains("content hash:  " + contentSha, show);
            using var json = JsonDocument.Parse(Expect(0, "show", "churn:1", "--json").Out);
            Assert.Equal(fileSha, json.RootElement.GetProperty("blobSha256").GetString());
            Assert.Equal(contentSha, json.RootElement.GetProperty("contentHash").GetString());
            using var inspect = JsonDocument.Parse(Cli.Expect(0, "inspect", blob, "--json").Out);
            Assert.Equal(fileSha, inspect.RootElement.GetProperty("blobSha256").GetString());
            Assert.Equal(contentSha, inspect.RootElement.GetProperty("contentHash").GetString());
            Assert.False(inspect.RootElement.TryGetProperty("sha256", out _));

            // The real sha256sum reproduces the blob SHA-256.
            var start = new System.Diagnostics.ProcessStartInfo("sha256sum") { ArgumentList = { blob }, RedirectStandardOutput = true };
            using var process = System.Diagnostics.Process.Start(start)!;
            Assert.StartsWith(fileSha, process.StandardOutput.ReadToEnd());
            process.WaitForExit();
        }

        [Fact]
        public void Register_of_a_file_that_is_neither_zip_nor_blob_says_so_like_score_and_inspect()
        {
            string junk = Path.Combine(_folder, "notes.txt");
            File.WriteAllText(junk, "just some text, not a model");
            var register = Expect(3, "register", junk, "--name", "churn");
            var inspect = Cli.Expect(3, "inspect", junk);
            var score = Cli.Expect(3, "score", "--model", junk, "--input", _models.Customers, "--output", Path.Combine(_folder, "x.csv"));
            foreach (var result in new[] { register, inspect, score })
            {
                Assert.Contains("notes.txt is neither a DbScoring model blob", result.Err);
                Assert.Contains("'just som'", result.Err);
                Assert.DoesNotContain("zip archive", result.Err.Replace("a .zip archive starts", ""));
            }
            Assert.False(File.Exists(_db));
            Assert.Contains("is an ML.NET model (.zip), not a DbScoring model blob: convert it first",
                Cli.Expect(3, "score", "--model", _models.BinaryZip, "--input", _models.Customers, "--output", Path.Combine(_folder, "x.csv")).Err);
        }

        [Fact]
        public void A_read_only_store_is_readable_and_refuses_changes_with_code_6()
        {
            InstallAndRegisterBinary();
            string readOnly = _store + "?mode=ro";
            Cli.Expect(0, "models", "--store", readOnly);
            Cli.Expect(0, "versions", "churn", "--store", readOnly);
            Assert.Contains("read-only", Cli.Expect(6, "promote", "churn", "1", "--alias", "production", "--store", readOnly).Err);
            Cli.Expect(6, "register", _models.BinaryZip2, "--name", "churn", "--store", readOnly);
            Cli.Expect(6, "models", "--store", "sqlite:" + Path.Combine(_folder, "missing.db") + "?mode=ro");
            Assert.False(File.Exists(Path.Combine(_folder, "missing.db")));
            Cli.Expect(6, "models", "--store", "sqlite:" + Path.Combine(_folder, "no", "such", "dir", "x.db"));
        }

        [Fact]
        public void An_interrupted_score_table_run_resumes_without_loss_or_duplicates()
        {
            InstallAndRegisterBinary();
            LoadCustomersTable(600);
            // The target as score-table creates it, plus a trigger that fails the run when its 251st row goes in (inside batch 3 of 100-row batches).
            RawSql.Execute(_db,
                "CREATE TABLE scores (CustomerId INTEGER, ModelVersionId INTEGER NOT NULL, PredictedLabel TEXT, PredictedClass INTEGER, Score REAL, Probability REAL, " +
                "ClassScores TEXT, ScoringRunId INTEGER NOT NULL, ScoredAt TEXT NOT NULL, PRIMARY KEY (CustomerId, ModelVersionId));" +
                "CREATE TRIGGER crash BEFORE INSERT ON scores WHEN (SELECT count(*) FROM scores) >= 250 BEGIN SELECT RAISE(ABORT, 'simulated crash'); END;");
            string[] run = { "score-table", "churn:1", "--source", "customers", "--key", "CustomerId", "--target", "scores", "--batch-size", "100", "--log-inputs" };
            var failed = Expect(6, run);
            Assert.Contains("simulated crash", failed.Err);
            Assert.Equal(200, RawSql.Scalar(_db, "SELECT count(*) FROM scores")); // batches 1 and 2 committed; batch 3 rolled back

            RawSql.Execute(_db, "DROP TRIGGER crash");
            var resumed = Expect(0, run);
            Assert.Contains("400 rows scored", resumed.Out);
            Assert.Contains("batch", resumed.Err); // progress on stderr
            Assert.Equal(600, RawSql.Scalar(_db, "SELECT count(*) FROM scores"));
            Assert.Equal(600, RawSql.Scalar(_db, "SELECT count(DISTINCT CustomerId) FROM scores"));
            Assert.Equal(600, RawSql.Scalar(_db, "SELECT count(*) FROM PredictionLog"));
            Assert.Equal(600, RawSql.Scalar(_db, "SELECT count(DISTINCT RowKey) FROM PredictionLog"));
            Assert.Contains("0 rows scored", Expect(0, run).Out);

            using var runs = JsonDocument.Parse(Expect(0, "audit", "runs", "--model", "churn", "--json").Out);
            Assert.Equal(new[] { "Succeeded", "Succeeded", "Failed" }, runs.RootElement.EnumerateArray().Select(r => r.GetProperty("status").GetString()));
            var table = Expect(0, "audit", "runs", "--limit", "2");
            Assert.Contains("Succeeded", table.Out);
            Assert.DoesNotContain("Failed", table.Out);

            // Input statistics of the resumed run cover exactly the rows it scored.
            long resumedRun = runs.RootElement.EnumerateArray().Skip(1).First().GetProperty("runId").GetInt64();
            using var inputs = JsonDocument.Parse(Expect(0, "audit", "inputs", "--run", resumedRun.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json").Out);
            Assert.NotEmpty(inputs.RootElement.EnumerateArray());
            Assert.All(inputs.RootElement.EnumerateArray(), i => Assert.Equal(400, i.GetProperty("rows").GetInt64()));
            Expect(5, "audit", "inputs", "--run", "999");
            Expect(2, "audit", "inputs", "--run", "x");
        }

        [Fact]
        public void Score_table_logs_each_prediction_for_the_auditor()
        {
            InstallAndRegisterBinary();
            Expect(0, "register", _models.BinaryZip2, "--name", "churn", "--alias", "challenger");
            Expect(0, "promote", "churn", "1", "--alias", "production");
            LoadCustomersTable(100);
            Expect(0, "score-table", "churn", "--source", "customers", "--key", "CustomerId", "--target", "scores", "--log-inputs");
            Expect(0, "score-table", "churn@challenger", "--source", "customers", "--key", "CustomerId", "--target", "scores");
            using var json = JsonDocument.Parse(Expect(0, "audit", "predictions", "--key", "7", "--model", "churn", "--json").Out);
            var predictions = json.RootElement.EnumerateArray().ToList();
            Assert.Equal(new[] { 1, 2 }, predictions.Select(p => p.GetProperty("version").GetInt32()));
            Assert.Contains("\"Tenure\"", predictions[0].GetProperty("inputs").GetString());
            Assert.Equal(JsonValueKind.Null, predictions[1].GetProperty("inputs").ValueKind); // hash only without --log-inputs
            // Which alias each version was on when it scored the row, and who had put it there.
            var promoted = predictions[0].GetProperty("aliases").EnumerateArray().Single();
            Assert.Equal("production", promoted.GetProperty("alias").GetString());
            Assert.Equal(Environment.UserName, promoted.GetProperty("promotedBy").GetString());
            Assert.Equal("challenger", predictions[1].GetProperty("aliases").EnumerateArray().Single().GetProperty("alias").GetString());
            Expect(0, "promote", "churn", "2", "--alias", "production");
            using (var later = JsonDocument.Parse(Expect(0, "audit", "predictions", "--key", "7", "--model", "churn", "--json").Out))
                Assert.Equal("production", later.RootElement[0].GetProperty("aliases").EnumerateArray().Single().GetProperty("alias").GetString()); // as it was then
            Assert.Contains("production (" + Environment.UserName + ", ", Expect(0, "audit", "predictions", "--key", "7").Out);
            Assert.Contains("No predictions", Expect(0, "audit", "predictions", "--key", "99999").Out);
            // An unknown source table is the caller's mistake.
            Assert.Contains("nosuchtable", Expect(2, "score-table", "churn", "--source", "nosuchtable", "--key", "CustomerId", "--target", "scores").Err);
        }

        [Fact]
        public void Store_specs_come_from_the_option_a_file_or_the_environment_and_passwords_are_never_echoed()
        {
            Expect(0, "install");
            string file = Path.Combine(_folder, "store.conn");
            File.WriteAllText(file, "# the store\n" + _store + "\n");
            Assert.Contains("No models", Cli.Expect(0, "models", "--store-file", file).Out);
            Assert.Contains("No models", Cli.RunWithEnvironment(new Dictionary<string, string> { ["DBSCORING_STORE"] = _store }, "models").Out);
            Assert.Equal(2, Cli.Run("models", "--store", _store, "--store-file", file).Code);

            var secret = Cli.Run("models", "--store", "Server=127.0.0.1,1;Database=Scoring;User Id=sa;Password=Sup3rSecret!;Connect Timeout=1");
            Assert.Equal(6, secret.Code);
            Assert.Contains("DBSCORING_STORE", secret.Err);
            Assert.Contains("--store-file", secret.Err);
            Assert.DoesNotContain("Sup3rSecret", secret.Out + secret.Err);
        }
    }
}
