using System;

namespace DbScoring.Runtime.Format
{
    /// <summary>
    /// Fixed-count reads for the compact tree encoding (<see cref="CompactTreeCodec"/>): the count comes from elsewhere
    /// (a tree's node count), integers may be stored narrower than 32 bits. Bounds-checked like every other read.
    /// </summary>
    public sealed partial class BlobReader
    {
        /// <summary>
        /// Reads <paramref name="count"/> integers stored <paramref name="width"/> bytes wide (1 or 2: signed when
        /// <paramref name="signed"/>, otherwise unsigned; 4: i32) into a new array; zero shares the empty array.
        /// </summary>
        internal int[] ReadIntegers(int count, int width, bool signed)
        {
            if (count == 0) return Array.Empty<int>();
            RequireItems(count, width);
            var values = new int[count];
            byte[] bytes = _bytes;
            int at = _position;
            switch (width)
            {
                case 1:
                    if (signed) for (int i = 0; i < count; i++) values[i] = unchecked((sbyte)bytes[at + i]);
                    else for (int i = 0; i < count; i++) values[i] = bytes[at + i];
                    break;
                case 2:
                    if (signed) for (int i = 0; i < count; i++) values[i] = unchecked((short)(bytes[at + 2 * i] | bytes[at + 2 * i + 1] << 8));
                    else for (int i = 0; i < count; i++) values[i] = bytes[at + 2 * i] | bytes[at + 2 * i + 1] << 8;
                    break;
                case 4:
                    Buffer.BlockCopy(bytes, at, values, 0, count * 4); // little-endian format and processor
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(width));
            }
            _position += count * width;
            return values;
        }

        /// <summary>Reads <paramref name="count"/> f32 values (bit for bit) into a new array; zero shares the empty array.</summary>
        internal float[] ReadSingles(int count)
        {
            if (count == 0) return Array.Empty<float>();
            RequireItems(count, 4);
            return ReadArray(new float[count], 4);
        }

        /// <summary>Reads <paramref name="count"/> f64 values (bit for bit) into a new array.</summary>
        internal double[] ReadDoubles(int count)
        {
            if (count == 0) return Array.Empty<double>();
            RequireItems(count, 8);
            return ReadArray(new double[count], 8);
        }

        /// <summary>Fails unless <paramref name="count"/> items of <paramref name="width"/> bytes remain — before anything is allocated.</summary>
        private void RequireItems(int count, int width)
        {
            if (count < 0 || (long)count * width > Remaining)
                throw Fail($"truncated: needed {(long)count * width} more bytes, {Remaining} remain");
        }
    }
}
