using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace DbScoring.Conversion.Tests.Onnx
{
    /// <summary>The ONNX test models (build_onnx_models.py), built once for every ONNX test class.</summary>
    [CollectionDefinition(OnnxTestModels.Collection)]
    public sealed class OnnxTestModelsCollection : ICollectionFixture<OnnxTestModels>
    {
    }

    /// <summary>Builds the ONNX models once (needs a Python with onnx, numpy and sklearn).</summary>
    public sealed class OnnxTestModels : IDisposable
    {
        public const string Collection = "ONNX test models";

        public OnnxTestModels()
        {
            Folder = Path.Combine(Path.GetTempPath(), "dbscoring-onnx-" + Environment.ProcessId);
            if (SharedData.Folder == null) { SkipReason = SharedData.SkipReason; return; }
            if (!PythonScript.Run("build_onnx_models.py", SharedData.Folder, Folder))
                SkipReason = "No Python with onnx and scikit-learn (Debian: apt-get install python3-onnx python3-sklearn; .ci/run installs them).";
        }

        public string Folder { get; }
        public string? SkipReason { get; }
        public string File(string name) => Path.Combine(Folder, name);

        public void Dispose()
        {
            try { if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Runs one of the Python scripts copied next to the tests (Onnx/*.py) with the first Python that succeeds.</summary>
    internal static class PythonScript
    {
        /// <summary>True when the script ran and exited 0 (DBSCORING_PYTHON, else python3, else /usr/bin/python3).</summary>
        public static bool Run(string script, params string[] arguments)
        {
            string path = Path.Combine(AppContext.BaseDirectory, "Onnx", script);
            foreach (string? python in new[] { Environment.GetEnvironmentVariable("DBSCORING_PYTHON"), "python3", "/usr/bin/python3" })
            {
                if (string.IsNullOrEmpty(python)) continue;
                try
                {
                    var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                    info.ArgumentList.Add(path);
                    foreach (string a in arguments) info.ArgumentList.Add(a);
                    using var process = Process.Start(info)!;
                    process.StandardError.ReadToEnd();
                    process.WaitForExit();
                    if (process.ExitCode == 0) return true;
                }
                catch (System.ComponentModel.Win32Exception) { }
            }
            return false;
        }
    }
}
