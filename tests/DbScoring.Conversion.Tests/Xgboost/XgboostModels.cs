using System;
using System.Diagnostics;
using System.IO;

namespace DbScoring.Conversion.Tests.Xgboost
{
    /// <summary>
    /// Real XGBoost models, trained once per test run by train_xgboost_models.py with Debian's python3-xgboost on the
    /// shared data sets, with XGBoost's own predictions for every row. Absent Python/xgboost or data → a skip reason.
    /// </summary>
    public sealed class XgboostModels : IDisposable
    {
        public XgboostModels()
        {
            Folder = Path.Combine(Path.GetTempPath(), "dbscoring-xgboost-" + Environment.ProcessId);
            if (SharedData.Folder == null) { SkipReason = SharedData.SkipReason; return; }
            Python = FindPython();
            if (Python == null)
            {
                SkipReason = "No Python with xgboost (Debian: apt-get install python3-xgboost python3-pandas; .ci/run installs them).";
                return;
            }
            Directory.CreateDirectory(Folder);
            string script = Path.Combine(AppContext.BaseDirectory, "Xgboost", "train_xgboost_models.py");
            var (exit, output) = Run(Python, script, SharedData.Folder, Folder);
            if (exit != 0) throw new InvalidOperationException("Training the XGBoost test models failed: " + output);
        }

        /// <summary>Where the models are: one folder per model name.</summary>
        public string Folder { get; }

        /// <summary>The Python that has xgboost; null when none.</summary>
        public string? Python { get; }

        /// <summary>Why the XGBoost tests cannot run here; null when they can.</summary>
        public string? SkipReason { get; }

        /// <summary>A file of model <paramref name="name"/>.</summary>
        public string File(string name, string file) => Path.Combine(Folder, name, file);

        public void Dispose()
        {
            try { if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        }

        private static string? FindPython()
        {
            foreach (string? candidate in new[] { Environment.GetEnvironmentVariable("DBSCORING_PYTHON"), "python3", "/usr/bin/python3" })
            {
                if (string.IsNullOrEmpty(candidate)) continue;
                try
                {
                    var (exit, _) = Run(candidate, "-c", "import xgboost, pandas");
                    if (exit == 0) return candidate;
                }
                catch (System.ComponentModel.Win32Exception) { }
            }
            return null;
        }

        private static (int Exit, string Output) Run(string file, params string[] arguments)
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in arguments) info.ArgumentList.Add(argument);
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error.Result);
        }
    }
}
