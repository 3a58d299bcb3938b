using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Tests
{
    /// <summary>Reads and edits the section table of a blob (docs: Format/FormatConstants.cs) for hostile-blob tests.</summary>
    internal static class BlobSurgery
    {
        internal sealed class Section
        {
            public ushort Id;
            public ushort Flags;
            /// <summary>Offset of the section header (id).</summary>
            public int HeaderOffset;
            /// <summary>Offset of the first payload byte.</summary>
            public int PayloadOffset;
            public int Length;
        }

        internal static List<Section> Sections(byte[] blob)
        {
            int count = BitConverter.ToInt32(blob, 12);
            var sections = new List<Section>();
            int at = FormatConstants.HeaderLength;
            for (int i = 0; i < count; i++)
            {
                var s = new Section
                {
                    Id = BitConverter.ToUInt16(blob, at),
                    Flags = BitConverter.ToUInt16(blob, at + 2),
                    Length = BitConverter.ToInt32(blob, at + 4),
                    HeaderOffset = at,
                    PayloadOffset = at + FormatConstants.SectionHeaderLength,
                };
                sections.Add(s);
                at = s.PayloadOffset + s.Length;
            }
            return sections;
        }

        internal static Section Find(byte[] blob, SectionId id) => Sections(blob).Find(s => s.Id == (ushort)id)
            ?? throw new InvalidOperationException("no section " + id);

        internal static int ContentLength(byte[] blob) => blob.Length - FormatConstants.TrailerLength;

        internal static byte[] Sha256(byte[] bytes, int count)
        {
            using (var sha = SHA256.Create()) return sha.ComputeHash(bytes, 0, count);
        }

        /// <summary>Recomputes the SHA-256 trailer in place, so that edits get past the hash check.</summary>
        internal static byte[] Rehash(byte[] blob)
        {
            int content = ContentLength(blob);
            Buffer.BlockCopy(Sha256(blob, content), 0, blob, content, FormatConstants.TrailerLength);
            return blob;
        }

        internal static void PutUInt16(byte[] blob, int at, ushort value)
        {
            blob[at] = (byte)value;
            blob[at + 1] = (byte)(value >> 8);
        }

        internal static void PutUInt32(byte[] blob, int at, uint value)
        {
            for (int i = 0; i < 4; i++) blob[at + i] = (byte)(value >> (8 * i));
        }

        /// <summary>Appends a section after the last one, sets the minor version, and rehashes.</summary>
        /// <summary>The blob with another minor version in its header, re-hashed.</summary>
        internal static byte[] WithMinorVersion(byte[] blob, ushort minor)
        {
            var copy = (byte[])blob.Clone();
            PutUInt16(copy, 10, minor);
            return Rehash(copy);
        }

        /// <summary>
        /// The blob with section <paramref name="id"/>'s payload replaced by <paramref name="payload"/> (null: the section
        /// removed), the section count adjusted and the trailer re-hashed.
        /// </summary>
        internal static byte[] WithSectionPayload(byte[] blob, SectionId id, byte[]? payload)
        {
            var result = new List<byte>();
            for (int i = 0; i < FormatConstants.HeaderLength; i++) result.Add(blob[i]);
            int count = 0;
            foreach (var section in Sections(blob))
            {
                bool target = section.Id == (ushort)id;
                if (target && payload == null) continue;
                byte[] body = new byte[target ? payload!.Length : section.Length];
                if (target) Buffer.BlockCopy(payload!, 0, body, 0, body.Length);
                else Buffer.BlockCopy(blob, section.PayloadOffset, body, 0, body.Length);
                result.AddRange(BitConverter.GetBytes(section.Id));
                result.AddRange(BitConverter.GetBytes(section.Flags));
                result.AddRange(BitConverter.GetBytes(body.Length));
                result.AddRange(body);
                count++;
            }
            result.AddRange(new byte[FormatConstants.TrailerLength]);
            byte[] edited = result.ToArray();
            PutUInt32(edited, 12, (uint)count);
            return Rehash(edited);
        }

        /// <summary>A section's payload bytes.</summary>
        internal static byte[] Payload(byte[] blob, SectionId id)
        {
            var section = Find(blob, id);
            var payload = new byte[section.Length];
            Buffer.BlockCopy(blob, section.PayloadOffset, payload, 0, payload.Length);
            return payload;
        }

        internal static byte[] WithExtraSection(byte[] blob, ushort id, bool required, byte[] payload, ushort minor)
        {
            int content = ContentLength(blob);
            var result = new byte[content + FormatConstants.SectionHeaderLength + payload.Length + FormatConstants.TrailerLength];
            Buffer.BlockCopy(blob, 0, result, 0, content);
            int at = content;
            PutUInt16(result, at, id);
            PutUInt16(result, at + 2, required ? FormatConstants.SectionFlagRequired : (ushort)0);
            PutUInt32(result, at + 4, (uint)payload.Length);
            Buffer.BlockCopy(payload, 0, result, at + FormatConstants.SectionHeaderLength, payload.Length);
            PutUInt16(result, 10, minor);
            PutUInt32(result, 12, BitConverter.ToUInt32(blob, 12) + 1);
            return Rehash(result);
        }
    }
}
