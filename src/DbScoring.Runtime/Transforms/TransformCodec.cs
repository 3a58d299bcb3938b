using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>The one table from persisted <see cref="TransformKind"/> to the reader of that transform's body.</summary>
    internal static class TransformCodec
    {
        internal static Transform ReadBody(ushort kind, BlobReader body, int destination)
        {
            switch ((TransformKind)kind)
            {
                case TransformKind.CopyColumn: return CopyColumnTransform.ReadBody(body, destination);
                case TransformKind.ReplaceMissing: return ReplaceMissingTransform.ReadBody(body, destination);
                case TransformKind.ValueToKey: return ValueToKeyTransform.ReadBody(body, destination);
                case TransformKind.KeyToVector: return KeyToVectorTransform.ReadBody(body, destination);
                case TransformKind.Hash: return HashTransform.ReadBody(body, destination);
                case TransformKind.KeyToValue: return KeyToValueTransform.ReadBody(body, destination);
                case TransformKind.Concatenate: return ConcatenateTransform.ReadBody(body, destination);
                case TransformKind.ConvertToFloat: return ConvertToFloatTransform.ReadBody(body, destination);
                case TransformKind.AffineNormalize: return AffineNormalizeTransform.ReadBody(body, destination);
                case TransformKind.BinNormalize: return BinNormalizeTransform.ReadBody(body, destination);
                case TransformKind.CdfNormalize: return CdfNormalizeTransform.ReadBody(body, destination);
                case TransformKind.NumericValueToKey: return NumericValueToKeyTransform.ReadBody(body, destination);
                case TransformKind.CategoryCodeToKey: return CategoryCodeToKeyTransform.ReadBody(body, destination);
                case TransformKind.SelectSlots: return SelectSlotsTransform.ReadBody(body, destination);
                case TransformKind.LpNormalize: return LpNormalizeTransform.ReadBody(body, destination);
                case TransformKind.Binarize: return BinarizeTransform.ReadBody(body, destination);
                case TransformKind.Divide: return DivideTransform.ReadBody(body, destination);
                case TransformKind.KeyToNumber: return KeyToNumberTransform.ReadBody(body, destination);
                case TransformKind.ReplaceValue: return ReplaceValueTransform.ReadBody(body, destination);
                default:
                    throw body.Fail($"unknown transform kind {kind}; this runtime supports 1..19 (a newer DbScoring may be needed)");
            }
        }
    }
}
