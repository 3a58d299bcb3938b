using System;
using System.Security.Cryptography;

namespace DbScoring.Cli
{
    /// <summary>
    /// The two hashes of a model, named apart everywhere: the blob SHA-256 (of every byte of the .dbsm file, what
    /// <c>sha256sum model.dbsm</c> prints; the stores' BlobSha256) and the content hash (the format's own SHA-256
    /// trailer, over every byte before those last 32; <c>head -c -32 model.dbsm | sha256sum</c>; the stores' ContentHash).
    /// </summary>
    public static class ModelHashes
    {
        /// <summary>SHA-256 of the whole blob, 64 lowercase hex digits.</summary>
        public static string BlobSha256(byte[] blob) => Convert.ToHexStringLower(SHA256.HashData(blob));
    }
}
