using System;
using System.IO;
using System.Text;
using DbScoring.Conversion;
using DbScoring.Runtime;

namespace DbScoring.Cli
{
    /// <summary>
    /// Reads the model files a user names: DbScoring blobs (.dbsm) or ML.NET models (.zip), told apart by their first
    /// bytes, not their names. A file that is neither gets one message, whichever command met it.
    /// </summary>
    public static class ModelFiles
    {
        private static readonly byte[] BlobMagic = { (byte)'D', (byte)'B', (byte)'S', (byte)'M' };
        private static readonly byte[] ZipMagic = { (byte)'P', (byte)'K', 3, 4 };

        /// <summary>True when the file starts with the DbScoring magic bytes.</summary>
        public static bool IsBlob(string path) => StartsWith(path, BlobMagic);

        /// <summary>True when the file starts like a zip archive (an ML.NET model is one).</summary>
        public static bool IsZip(string path) => StartsWith(path, ZipMagic);

        /// <summary>Loads and validates a .dbsm file; an ML.NET .zip or any other file is refused with what to do.</summary>
        public static (ScoringModel Model, byte[] Blob) LoadBlob(string path)
        {
            RequireFile(path);
            if (!IsBlob(path))
                throw IsZip(path)
                    ? new ModelFormatException($"{Path.GetFileName(path)} is an ML.NET model (.zip), not a DbScoring model blob: convert it first " +
                                               $"(dbscoring convert {Path.GetFileName(path)} --output model.dbsm), or register it in a store.")
                    : NeitherBlobNorZip(path);
            byte[] blob = File.ReadAllBytes(path);
            return (ScoringModel.Load(blob), blob);
        }

        /// <summary>Converts an ML.NET model or loads a blob, whichever the file is; anything else is refused.</summary>
        public static (ScoringModel Model, byte[] Blob, ConversionResult? Conversion) Open(string path, ConversionOptions options)
        {
            RequireFile(path);
            if (IsBlob(path))
            {
                var (model, blob) = LoadBlob(path);
                return (model, blob, null);
            }
            if (!IsZip(path)) throw NeitherBlobNorZip(path);
            var result = ModelConverter.Convert(path, options);
            return (result.Model, result.Blob, result);
        }

        /// <summary>Fails with a clear message when <paramref name="path"/> is not an existing file.</summary>
        public static void RequireFile(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"The file '{path}' does not exist.", path);
        }

        private static ModelFormatException NeitherBlobNorZip(string path) => new(
            $"{Path.GetFileName(path)} is neither a DbScoring model blob (a .dbsm file starts with the bytes 'DBSM') nor an ML.NET model " +
            $"(a .zip archive starts with 'PK'); it starts with {Head(path)}. Give a .dbsm written by 'dbscoring convert' or 'dbscoring export', " +
            "or an ML.NET model saved with mlContext.Model.Save(model, schema, \"model.zip\").");

        private static bool StartsWith(string path, byte[] magic)
        {
            using var stream = File.OpenRead(path);
            var head = new byte[magic.Length];
            return stream.Read(head, 0, head.Length) == head.Length && head.AsSpan().SequenceEqual(magic);
        }

        /// <summary>The first bytes as text when printable, else as hex, for the message.</summary>
        private static string Head(string path)
        {
            using var stream = File.OpenRead(path);
            var head = new byte[8];
            int read = stream.Read(head, 0, head.Length);
            if (read == 0) return "nothing (the file is empty)";
            bool printable = true;
            for (int i = 0; i < read; i++) printable &= head[i] >= 32 && head[i] < 127;
            return printable ? "'" + Encoding.ASCII.GetString(head, 0, read) + "'" : "0x" + System.Convert.ToHexString(head, 0, read);
        }
    }
}
