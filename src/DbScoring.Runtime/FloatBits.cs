using System.Runtime.InteropServices;

namespace DbScoring.Runtime
{
    /// <summary>
    /// Reinterprets a float's bits without allocating (net48 lacks BitConverter.SingleToInt32Bits).
    /// Overlapping value-type fields are verifiable, so this is allowed in SQL Server's SAFE mode.
    /// </summary>
    [StructLayout(LayoutKind.Explicit)]
    internal struct FloatBits
    {
        [FieldOffset(0)] private float _single;
        [FieldOffset(0)] private uint _bits;

        internal static uint ToBits(float value)
        {
            var union = new FloatBits { _single = value };
            return union._bits;
        }
    }
}
