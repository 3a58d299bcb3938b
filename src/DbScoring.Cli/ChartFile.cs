using System;
using System.IO;
using ScottPlot;

namespace DbScoring.Cli
{
    /// <summary>Writes a chart of a --plot option: its folder created, a failure reported with the path and what to do.</summary>
    internal static class ChartFile
    {
        /// <summary>Saves <paramref name="chart"/> as a PNG of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
        public static void Save(Multiplot chart, string path, int width, int height)
        {
            try
            {
                string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
                if (folder != null) Directory.CreateDirectory(folder);
                chart.SavePng(path, width, height);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"The chart cannot be written to '{path}' ({e.Message}). Give --plot a path in a folder you may write to.", e);
            }
        }
    }
}
