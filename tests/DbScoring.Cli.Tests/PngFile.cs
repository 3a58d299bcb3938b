using System.IO;
using System.Linq;
using Xunit;

namespace DbScoring.Cli.Tests
{
    /// <summary>Reads what a chart test checks of a PNG written by a --plot option: its signature and its size.</summary>
    internal static class PngFile
    {
        /// <summary>Asserts <paramref name="path"/> is a PNG and returns its width and height (the IHDR chunk, big-endian).</summary>
        public static (int Width, int Height) Size(string path)
        {
            byte[] png = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4));
            return (ReadBigEndian(png, 16), ReadBigEndian(png, 20));
        }

        private static int ReadBigEndian(byte[] bytes, int at) => (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
    }
}
