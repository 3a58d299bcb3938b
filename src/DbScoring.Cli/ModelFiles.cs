using System.IO;
using DbScoring.Conversion;
using DbScoring.Runtime;

namespace DbScoring.Cli
{
    /// <summary>Reads the model files a user names: DbScoring blobs (.dbsm) or ML.NET models (.zip), told apart by content.</summary>
    public static class ModelFiles
    {
        /// <summary>True when the file starts with the DbScoring magic bytes.</summary>
        public static bool IsBlob(string path)
        {
            using var stream = File.OpenRead(path);
            var head = new byte[4];
            return stream.Read(head, 0, 4) == 4 && head[0] == (byte)'D' && head[1] == (byte)'B' && head[2] == (byte)'S' && head[3] == (byte)'M';
        }

        /// <summary>Loads and validates a .dbsm file.</summary>
        public static (ScoringModel Model, byte[] Blob) LoadBlob(string path)
        {
            RequireFile(path);
            byte[] blob = File.ReadAllBytes(path);
            return (ScoringModel.Load(blob), blob);
        }

        /// <summary>Converts an ML.NET model or loads a blob, whichever the file is.</summary>
        public static (ScoringModel Model, byte[] Blob, ConversionResult? Conversion) Open(string path, ConversionOptions options)
        {
            RequireFile(path);
            if (IsBlob(path))
            {
                var (model, blob) = LoadBlob(path);
                return (model, blob, null);
            }
            var result = ModelConverter.Convert(path, options);
            return (result.Model, result.Blob, result);
        }

        /// <summary>Fails with a clear message when <paramref name="path"/> is not an existing file.</summary>
        public static void RequireFile(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"The file '{path}' does not exist.", path);
        }
    }
}
