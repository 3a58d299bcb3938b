using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;

namespace DbScoring.Conversion.Xgboost
{
    /// <summary>
    /// XGBoost itself, run through Python, as the parity gate's oracle for XGBoost models. The Python is
    /// <see cref="ConversionOptions.XgboostPython"/>, else the DBSCORING_PYTHON environment variable, else the first
    /// of <c>python3</c> (PATH) and <c>/usr/bin/python3</c> that imports xgboost.
    /// </summary>
    internal sealed class XgbOracle
    {
        private const int TimeoutMilliseconds = 10 * 60 * 1000;

        private XgbOracle(string python, string version)
        {
            Python = python;
            Version = version;
        }

        /// <summary>The Python executable.</summary>
        public string Python { get; }

        /// <summary>xgboost.__version__ of that Python.</summary>
        public string Version { get; }

        /// <summary>The oracle's name as the parity report and the blob's metadata give it.</summary>
        public string Name => "XGBoost " + Version + " (Python)";

        /// <summary>Finds a Python with xgboost, or fails saying how to provide one.</summary>
        public static XgbOracle Locate(string? configured)
        {
            var candidates = new List<string>();
            if (!string.IsNullOrEmpty(configured)) candidates.Add(configured!);
            else
            {
                string? fromEnvironment = Environment.GetEnvironmentVariable("DBSCORING_PYTHON");
                if (!string.IsNullOrEmpty(fromEnvironment)) candidates.Add(fromEnvironment!);
                else { candidates.Add("python3"); candidates.Add("/usr/bin/python3"); }
            }
            var tried = new List<string>();
            foreach (string python in candidates)
            {
                var (exit, output, error) = Run(python, new[] { "-c", "import xgboost; print(xgboost.__version__)" }, 120_000);
                if (exit == 0 && output.Trim().Length > 0) return new XgbOracle(python, output.Trim());
                tried.Add($"{python}: {(exit == int.MinValue ? "not found" : FirstLine(error))}");
            }
            throw new ModelConversionException(
                "The parity gate for XGBoost models scores the sample with XGBoost itself, and no Python with xgboost was found (" +
                string.Join("; ", tried) + "). Install it (Debian/Ubuntu: apt-get install python3-xgboost; elsewhere: pip install xgboost) " +
                "or set DBSCORING_PYTHON to a Python that has it. The model was not converted.");
        }

        /// <summary>
        /// Scores <paramref name="rows"/> × <paramref name="columns"/> float32 values (row-major, NaN = missing) with
        /// XGBoost: the margins (rows × groups) and the transformed predictions (rows × width).
        /// </summary>
        public (float[][] Margins, float[][] Values) Score(string modelPath, float[] data, int rows, int columns)
        {
            string folder = Path.Combine(Path.GetTempPath(), "dbscoring-xgb-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string script = Path.Combine(folder, "xgboost_oracle.py");
                using (var resource = typeof(XgbOracle).Assembly.GetManifestResourceStream("DbScoring.Conversion.Xgboost.xgboost_oracle.py")
                    ?? throw new InvalidOperationException("The XGBoost oracle script is missing from the assembly."))
                using (var file = File.Create(script))
                    resource.CopyTo(file);
                string input = Path.Combine(folder, "rows.f32"), output = Path.Combine(folder, "out.f32");
                var bytes = new byte[data.Length * 4];
                Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
                if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The XGBoost oracle exchange assumes a little-endian machine.");
                File.WriteAllBytes(input, bytes);
                var (exit, stdout, stderr) = Run(Python, new[] { script, Path.GetFullPath(modelPath), input, rows.ToString(System.Globalization.CultureInfo.InvariantCulture), columns.ToString(System.Globalization.CultureInfo.InvariantCulture), output }, TimeoutMilliseconds);
                if (exit != 0)
                    throw new ModelConversionException($"XGBoost ({Python}) could not score the parity rows: {LastLines(stderr)}. The model was not converted.");
                using var header = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
                int marginWidth = header.RootElement.GetProperty("marginWidth").GetInt32();
                int valueWidth = header.RootElement.GetProperty("valueWidth").GetInt32();
                byte[] result = File.ReadAllBytes(output);
                if (result.Length != (long)rows * (marginWidth + valueWidth) * 4)
                    throw new ModelConversionException($"XGBoost's oracle wrote {result.Length} bytes for {rows} rows of {marginWidth} + {valueWidth} values.");
                var margins = new float[rows][];
                var values = new float[rows][];
                for (int r = 0; r < rows; r++)
                {
                    margins[r] = new float[marginWidth];
                    Buffer.BlockCopy(result, r * marginWidth * 4, margins[r], 0, marginWidth * 4);
                    values[r] = new float[valueWidth];
                    Buffer.BlockCopy(result, (rows * marginWidth + r * valueWidth) * 4, values[r], 0, valueWidth * 4);
                }
                return (margins, values);
            }
            finally
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        /// <summary>Runs a process to completion; exit code int.MinValue when it cannot be started.</summary>
        private static (int Exit, string Output, string Error) Run(string file, IEnumerable<string> arguments, int timeoutMilliseconds)
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in arguments) info.ArgumentList.Add(argument);
            info.Environment["OMP_NUM_THREADS"] = "1";
            Process process;
            try
            {
                process = Process.Start(info) ?? throw new InvalidOperationException();
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or FileNotFoundException)
            {
                return (int.MinValue, "", ex.Message);
            }
            using (process)
            {
                var error = process.StandardError.ReadToEndAsync();
                string output = process.StandardOutput.ReadToEnd();
                if (!process.WaitForExit(timeoutMilliseconds))
                {
                    process.Kill(entireProcessTree: true);
                    return (-1, output, "timed out");
                }
                return (process.ExitCode, output, error.Result);
            }
        }

        private static string FirstLine(string text)
        {
            string trimmed = text.Trim();
            int newline = trimmed.IndexOf('\n');
            return newline < 0 ? trimmed : trimmed.Substring(0, newline);
        }

        private static string LastLines(string text)
        {
            var lines = text.Trim().Split('\n');
            int from = Math.Max(0, lines.Length - 3);
            return string.Join(" ", lines, from, lines.Length - from).Trim();
        }
    }
}
