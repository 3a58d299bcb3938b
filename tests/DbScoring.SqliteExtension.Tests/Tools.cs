using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace DbScoring.SqliteExtension.Tests
{
    /// <summary>The outcome of an external program.</summary>
    public sealed record ToolResult(int ExitCode, string Out, string Err)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
    }

    /// <summary>External programs: sqlite3, python3, clang, dotnet.</summary>
    public static class Tools
    {
        /// <summary>The full path of <paramref name="program"/> on PATH (or as given, when it is a path); null when absent.</summary>
        public static string? Find(string program)
        {
            if (program.Contains('/')) return File.Exists(program) ? program : null;
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(dir, program);
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        /// <summary>Runs a program to its end, with <paramref name="input"/> on its standard input.</summary>
        public static ToolResult Run(string program, IEnumerable<string> arguments, string? input = null, string? workingDirectory = null, int timeoutSeconds = 120)
        {
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            };
            foreach (string a in arguments) start.ArgumentList.Add(a);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (input != null) process.StandardInput.Write(input);
            process.StandardInput.Close();
            if (!process.WaitForExit(timeoutSeconds * 1000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(" ", arguments)} did not finish in {timeoutSeconds} s");
            }
            process.WaitForExit();
            return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
        }

        /// <summary>Holds an exclusive lock on <paramref name="path"/> (across processes) until disposed.</summary>
        public static IDisposable ExclusiveLock(string path)
        {
            var deadline = DateTime.UtcNow.AddMinutes(15);
            while (true)
            {
                try
                {
                    return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException) when (DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(500);
                }
            }
        }
    }
}
