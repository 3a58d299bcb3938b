using System;
using System.Collections.Generic;
#if !NETFRAMEWORK
#endif
using DbScoring.Runtime.Monitoring;
using DbScoring.Runtime.Explanations;
using DbScoring.Runtime.Predictors;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Runtime.Format
{
    /// <summary>
    /// Writes and reads model blobs (docs/model-format.md). Writing is deterministic; reading checks the magic,
    /// version, section table, SHA-256 trailer and every component before anything is scored.
    /// </summary>
    /// <remarks>
    /// Layout (all integers little-endian):
    /// <code>
    /// header   magic[8] = "DBSM" 0D 0A 1A 0A | major u16 | minor u16 | sectionCount u32
    /// section  id u16 | flags u16 (bit 0: required) | length u32 | payload[length]     (sectionCount times)
    /// trailer  SHA-256 over every byte before the trailer [32]
    /// </code>
    /// Sections in this version, in this order: Metadata(1), Schema(2), Columns(3), Pipeline(4), Predictor(5),
    /// TrainingStatistics(6, optional: written only when the model has a profile), Explanations(7, optional: written
    /// only when the model has node covers), QuickScorerOrder(8, optional: written when a tree ensemble is scored by QuickScorer).
    /// </remarks>
    public static partial class ModelSerializer
    {
        /// <summary>Serializes <paramref name="model"/>; the same definition always gives the same bytes.</summary>
        public static byte[] Write(ModelDefinition model)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            var w = new BlobWriter();
            w.WriteBytes(FormatConstants.Magic());
            w.WriteUInt16(FormatConstants.MajorVersion);
            w.WriteUInt16(FormatConstants.MinorVersion);
            bool testOrders = QuickScorerOrderCodec.Applies(model.Predictor);
            w.WriteInt32(5 + (model.Profile == null ? 0 : 1) + (model.Explanations == null ? 0 : 1) + (testOrders ? 1 : 0));

            int at = BeginSection(w, SectionId.Metadata, required: false);
            w.WriteInt32(model.Metadata.Count);
            foreach (var pair in model.Metadata) { w.WriteString(pair.Key); w.WriteString(pair.Value); }
            w.EndLength(at);

            at = BeginSection(w, SectionId.Schema, required: true);
            w.WriteInt32(model.Inputs.Count);
            foreach (var input in model.Inputs)
            {
                w.WriteString(input.Name);
                w.WriteByte((byte)input.Kind);
                w.WriteInt32(input.Column);
                w.WriteInt32(input.Slot);
                w.WriteStringArray(input.Categories);
                w.WriteDouble(input.TrainingMin);
                w.WriteDouble(input.TrainingMax);
            }
            w.WriteByte((byte)model.Kind);
            w.WriteStringArray(model.ClassLabels);
            w.EndLength(at);

            at = BeginSection(w, SectionId.Columns, required: true);
            w.WriteInt32(model.Columns.Count);
            foreach (var column in model.Columns)
            {
                w.WriteString(column.Name);
                w.WriteByte((byte)column.Kind);
                w.WriteInt32(column.Length);
                w.WriteInt32(column.KeyCount);
            }
            w.EndLength(at);

            at = BeginSection(w, SectionId.Pipeline, required: true);
            w.WriteInt32(model.Transforms.Count);
            foreach (var transform in model.Transforms)
            {
                w.WriteUInt16((ushort)transform.Kind);
                w.WriteInt32(transform.Destination);
                int body = w.BeginLength();
                transform.WriteBody(w);
                w.EndLength(body);
            }
            w.EndLength(at);

            at = BeginSection(w, SectionId.Predictor, required: true);
            Predictor.Write(w, model.Predictor);
            w.EndLength(at);

            if (model.Profile != null)
            {
                at = BeginSection(w, SectionId.TrainingStatistics, required: false);
                ProfileCodec.Write(w, model.Profile);
                w.EndLength(at);
            }

            if (model.Explanations != null)
            {
                at = BeginSection(w, SectionId.Explanations, required: false);
                ExplanationCodec.Write(w, model.Explanations);
                w.EndLength(at);
            }

            if (testOrders)
            {
                at = BeginSection(w, SectionId.QuickScorerOrder, required: false);
                QuickScorerOrderCodec.Write(w, model.Predictor);
                w.EndLength(at);
            }

            w.WriteBytes(w.Sha256Digest());
            return w.ToArray();
        }

        /// <summary>
        /// Parses and checks a blob. Throws <see cref="ModelFormatException"/> naming what is wrong and where.
        /// </summary>
        /// <param name="blob">The blob bytes.</param>
        /// <param name="contentHash">The verified SHA-256 of the content (the trailer).</param>
        public static ModelDefinition Read(byte[] blob, out byte[] contentHash) => Read(blob, out contentHash, out _);

        /// <summary>
        /// Parses and checks a blob, also returning the format version its header states ("major.minor"), which may be
        /// older (or, for the minor part, newer) than this reader's.
        /// </summary>
        internal static ModelDefinition Read(byte[] blob, out byte[] contentHash, out string formatVersion)
        {
            if (blob == null) throw new ArgumentNullException(nameof(blob));
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("DbScoring needs a little-endian processor.");
            if (blob.Length > FormatConstants.MaxBlobLength)
                throw new ModelFormatException($"The blob is {blob.Length} bytes, more than the {FormatConstants.MaxBlobLength}-byte limit.");
            if (blob.Length < FormatConstants.HeaderLength + FormatConstants.TrailerLength)
                throw new ModelFormatException($"The blob is {blob.Length} bytes, too short to be a DbScoring model (at least {FormatConstants.HeaderLength + FormatConstants.TrailerLength}).");
            byte[] magic = FormatConstants.Magic();
            for (int i = 0; i < magic.Length; i++)
                if (blob[i] != magic[i])
                    throw new ModelFormatException("Not a DbScoring model: the blob does not start with the magic bytes \"DBSM\" 0D 0A 1A 0A (was it converted with 'dbscoring convert', and copied in binary mode?).");

            var header = new BlobReader(blob, magic.Length, FormatConstants.HeaderLength, "header");
            ushort major = header.ReadUInt16(), minor = header.ReadUInt16();
            formatVersion = major.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + minor.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (major != FormatConstants.MajorVersion)
                throw new ModelFormatException($"The blob has format version {major}.{minor}; this runtime reads format {FormatConstants.MajorVersion}.x. " +
                    (major > FormatConstants.MajorVersion ? "Upgrade DbScoring to score it." : "Convert the model again with this DbScoring version."));

            int contentLength = blob.Length - FormatConstants.TrailerLength;
            var digest = ContentDigest.Start(blob, contentLength);
            ModelDefinition model;
            try
            {
                model = ReadContent(blob, contentLength, header, major, minor);
            }
            catch
            {
                digest.Verify(); // a blob whose SHA-256 does not match is refused as that, whatever the parse found
                throw;
            }
            contentHash = digest.Verify(); // nothing parsed is handed out before the digest matches
            return model;
        }

        /// <summary>
        /// Everything after the header: the section table and every section, parsed and checked. Runs while the content's
        /// SHA-256 may still be computed (<see cref="ContentDigest"/>), so it must stay safe on any bytes — as the hostile-blob
        /// tests check with recomputed hashes.
        /// </summary>
        private static ModelDefinition ReadContent(byte[] blob, int contentLength, BlobReader header, ushort major, ushort minor)
        {
            int sectionCount = header.ReadInt32InRange(0, 1024, "section count");
            var sections = new Dictionary<SectionId, BlobReader>();
            var body = new BlobReader(blob, FormatConstants.HeaderLength, contentLength, "section table");
            for (int s = 0; s < sectionCount; s++)
            {
                ushort id = body.ReadUInt16();
                ushort flags = body.ReadUInt16();
                int length = body.ReadCount(1, "section length");
                var section = body.Slice(length, "section " + SectionName(id));
                if (id < (ushort)SectionId.Metadata || id > (ushort)SectionId.QuickScorerOrder)
                {
                    if ((flags & FormatConstants.SectionFlagRequired) != 0)
                        throw new ModelFormatException($"The blob (format {major}.{minor}) has a required section {id} that this runtime (format {FormatConstants.MajorVersion}.{FormatConstants.MinorVersion}) does not know. Upgrade DbScoring to score it.");
                    continue; // optional section from a newer minor version: skipped
                }
                if (sections.ContainsKey((SectionId)id)) throw body.Fail($"section {SectionName(id)} appears twice");
                sections.Add((SectionId)id, section);
            }
            body.ExpectEnd();

            var metadata = ReadMetadata(Optional(sections, SectionId.Metadata));
            var schema = Required(sections, SectionId.Schema);
            var inputs = ReadInputs(schema, out byte kind, out string[] classLabels);
            var columns = ReadColumns(Required(sections, SectionId.Columns));
            var transforms = ReadTransforms(Required(sections, SectionId.Pipeline));
            var predictorSection = Required(sections, SectionId.Predictor);
            var ordersSection = Optional(sections, SectionId.QuickScorerOrder);
            var orders = ordersSection == null ? null : QuickScorerOrderCodec.Read(ordersSection);
            predictorSection.TestOrders = orders; // the ensembles take their precomputed test orders as they are read
            var predictor = Predictor.Read(predictorSection);
            predictorSection.ExpectEnd();
            orders?.ExpectAllTaken();
            if (kind != (byte)predictor.Task)
                throw schema.Fail($"output kind {kind} does not match the predictor's task {predictor.Task}");
            var profileSection = Optional(sections, SectionId.TrainingStatistics);
            var profile = profileSection == null ? null : ProfileCodec.Read(profileSection, inputs, predictor.Task);
            var explanationsSection = Optional(sections, SectionId.Explanations);
            var explanations = explanationsSection == null ? null : ExplanationCodec.Read(explanationsSection);
            var model = new ModelDefinition(inputs, columns, transforms, predictor, classLabels, metadata, explanations).WithProfile(profile);
            ModelValidator.Validate(model);
            return model;
        }

        private static int BeginSection(BlobWriter w, SectionId id, bool required)
        {
            w.WriteUInt16((ushort)id);
            w.WriteUInt16(required ? FormatConstants.SectionFlagRequired : (ushort)0);
            return w.BeginLength();
        }

        private static BlobReader Required(Dictionary<SectionId, BlobReader> sections, SectionId id)
        {
            if (!sections.TryGetValue(id, out var reader))
                throw new ModelFormatException($"The blob has no {id} section, which every model needs.");
            return reader;
        }

        private static BlobReader? Optional(Dictionary<SectionId, BlobReader> sections, SectionId id) =>
            sections.TryGetValue(id, out var reader) ? reader : null;

        private static string SectionName(ushort id) =>
            id >= (ushort)SectionId.Metadata && id <= (ushort)SectionId.QuickScorerOrder ? ((SectionId)id).ToString() : id.ToString();

        private static SortedDictionary<string, string> ReadMetadata(BlobReader? r)
        {
            var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (r == null) return metadata;
            int count = r.ReadCount(8, "metadata entry count");
            for (int i = 0; i < count; i++)
            {
                string key = r.ReadString();
                if (metadata.ContainsKey(key)) throw r.Fail($"metadata key '{key}' appears twice");
                metadata.Add(key, r.ReadString());
            }
            r.ExpectEnd();
            return metadata;
        }

        private static List<InputColumn> ReadInputs(BlobReader r, out byte kind, out string[] classLabels)
        {
            int count = r.ReadCount(30, "input count");
            var inputs = new List<InputColumn>(count);
            for (int i = 0; i < count; i++)
            {
                string name = r.ReadString();
                byte inputKind = r.ReadByte();
                if (inputKind < (byte)InputKind.Number || inputKind > (byte)InputKind.Boolean)
                    throw r.Fail($"input '{name}' has unknown kind {inputKind}");
                int column = r.ReadInt32(), slot = r.ReadInt32();
                string[] categories = r.ReadStringArray("category count");
                double min = r.ReadDouble(), max = r.ReadDouble();
                inputs.Add(new InputColumn(name, (InputKind)inputKind, column, slot, categories, min, max) { Index = i });
            }
            kind = r.ReadByte();
            classLabels = r.ReadStringArray("class label count");
            r.ExpectEnd();
            return inputs;
        }

        private static List<ColumnDefinition> ReadColumns(BlobReader r)
        {
            int count = r.ReadCount(14, "column count");
            var columns = new List<ColumnDefinition>(count);
            for (int i = 0; i < count; i++)
            {
                string name = r.ReadString();
                byte kind = r.ReadByte();
                if (kind < (byte)ColumnKind.Float || kind > (byte)ColumnKind.Key) throw r.Fail($"column '{name}' has unknown kind {kind}");
                int length = r.ReadInt32InRange(1, 1 << 26, $"length of column '{name}'");
                int keyCount = r.ReadInt32InRange(0, int.MaxValue, $"key count of column '{name}'");
                columns.Add(new ColumnDefinition(name, (ColumnKind)kind, length, keyCount));
            }
            r.ExpectEnd();
            return columns;
        }

        private static List<Transform> ReadTransforms(BlobReader r)
        {
            int count = r.ReadCount(10, "transform count");
            var transforms = new List<Transform>(count);
            for (int i = 0; i < count; i++)
            {
                ushort kind = r.ReadUInt16();
                int destination = r.ReadInt32();
                var body = r.Slice(r.ReadCount(1, "transform length"), $"{r.Context}, transform #{i} (kind {kind})");
                transforms.Add(TransformCodec.ReadBody(kind, body, destination));
                body.ExpectEnd();
            }
            r.ExpectEnd();
            return transforms;
        }

        /// <summary>SHA-256 of the first <paramref name="count"/> bytes (<see cref="Runtime.Sha256.Fastest"/>).</summary>
        internal static byte[] Sha256(byte[] bytes, int count) => Runtime.Sha256.Fastest(bytes, 0, count);
    }
}
