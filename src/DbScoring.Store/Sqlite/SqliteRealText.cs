using System;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// A REAL value as SQLite's <c>json_object</c> writes it (<c>printf("%!0.17g")</c> in SQLite 3.52 and later): the
    /// logged inputs are hashed and stored, so score-table builds them in C# byte for byte as SQLite would.
    /// </summary>
    /// <remarks>
    /// <para>This follows SQLite's own algorithm, not a general float formatter, because every step is visible in the
    /// text (util.c <c>sqlite3FpDecode</c>, <c>sqlite3Fp2Convert10</c>, <c>sqlite3Fp10Convert2</c>, <c>powerOfTen</c>;
    /// printf.c <c>etGENERIC</c>):</para>
    /// <list type="number">
    /// <item>the double becomes an 18- or 19-digit decimal by one 64×64-bit multiplication with SQLite's approximation of a
    /// power of ten (not a correctly rounded conversion: a few values in 10,000 end one unit lower than exact rounding);</item>
    /// <item>at 17 digits SQLite tries a shorter form when digits 14–15 are nines or 13–15 zeros (or the value has no fraction),
    /// and keeps it when it converts back to the same double (with its own decimal-to-double conversion);</item>
    /// <item>otherwise the digits are rounded half up at the 17th;</item>
    /// <item>fixed notation for decimal exponents −4 to 16, else d.ddde±XX (two exponent digits at least); trailing zeros
    /// dropped, but always a digit after the point (the <c>!</c> flag);</item>
    /// <item>−0.0 is <c>0.0</c> (SQLite tests <c>r &lt; 0</c>); ±infinity is <c>9.0e+999</c> / <c>-9.0e+999</c> and NaN
    /// <c>null</c> (the <c>0</c> flag, as json_object asks).</item>
    /// </list>
    /// <para>SqliteRealTextTests compares it with the SQLite library the store runs on, over many thousands of values.</para>
    /// </remarks>
    internal static class SqliteRealText
    {
        /// <summary>The longest text: sign, 17 digits, point, "e-308" and a spare byte.</summary>
        internal const int MaxBytes = 32;

        // 10^0 .. 10^26, normalized to 64 bits (util.c aBase).
        private static readonly ulong[] Base =
        {
            0x8000000000000000, 0xa000000000000000, 0xc800000000000000, 0xfa00000000000000, 0x9c40000000000000,
            0xc350000000000000, 0xf424000000000000, 0x9896800000000000, 0xbebc200000000000, 0xee6b280000000000,
            0x9502f90000000000, 0xba43b74000000000, 0xe8d4a51000000000, 0x9184e72a00000000, 0xb5e620f480000000,
            0xe35fa931a0000000, 0x8e1bc9bf04000000, 0xb1a2bc2ec5000000, 0xde0b6b3a76400000, 0x8ac7230489e80000,
            0xad78ebc5ac620000, 0xd8d726b7177a8000, 0x878678326eac9000, 0xa968163f0a57b400, 0xd3c21bcecceda100,
            0x84595161401484a0, 0xa56fa5b99019a5c8,
        };

        // 10^(27·k) for k = −13 .. 12, the top 64 bits and the next 32 (util.c aScale, aScaleLo).
        private static readonly ulong[] Scale =
        {
            0x8049a4ac0c5811ae, 0xcf42894a5dce35ea, 0xa76c582338ed2621, 0x873e4f75e2224e68, 0xda7f5bf590966848,
            0xb080392cc4349dec, 0x8e938662882af53e, 0xe65829b3046b0afa, 0xba121a4650e4ddeb, 0x964e858c91ba2655,
            0xf2d56790ab41c2a2, 0xc428d05aa4751e4c, 0x9e74d1b791e07e48, 0xcccccccccccccccc, 0xcecb8f27f4200f3a,
            0xa70c3c40a64e6c51, 0x86f0ac99b4e8dafd, 0xda01ee641a708de9, 0xb01ae745b101e9e4, 0x8e41ade9fbebc27d,
            0xe5d3ef282a242e81, 0xb9a74a0637ce2ee1, 0x95f83d0a1fb69cd9, 0xf24a01a73cf2dccf, 0xc3b8358109e84f07,
            0x9e19db92b4e31ba9,
        };

        private static readonly uint[] ScaleLow =
        {
            0x205b896d, 0x52064cad, 0xaf2af2b8, 0x5a7744a7, 0xaf39a475, 0xbd8d794e, 0x547eb47b, 0x0cb4a5a3, 0x92f34d62,
            0x3a6a07f9, 0xfae27299, 0xaa97e14c, 0x775ea265, 0xcccccccc, 0x00000000, 0x999090b6, 0x69a028bb, 0xe80e6f48,
            0x5ec05dd0, 0x14588f14, 0x8f1668c9, 0x6d953e2c, 0x4abdaf10, 0xbc633b39, 0x0a862f81, 0x6c07a2c2,
        };

        private const int Digits = 17;

        /// <summary>Writes <paramref name="value"/> as json_object does into <paramref name="output"/> (at least <see cref="MaxBytes"/>); returns the bytes written.</summary>
        internal static int Write(double value, Span<byte> output)
        {
            if (double.IsNaN(value))
            {
                "null"u8.CopyTo(output);
                return 4;
            }
            int at = 0;
            if (value < 0)
            {
                output[at++] = (byte)'-';
                value = -value;
            }
            else if (value == 0)
            {
                "0.0"u8.CopyTo(output); // also −0.0: SQLite asks r < 0.0, which −0.0 is not
                return 3;
            }
            Span<byte> digits = stackalloc byte[24];
            int first, count, point;
            if (double.IsInfinity(value))
            {
                digits[0] = (byte)'9';
                (first, count, point) = (0, 1, 1000);
            }
            else
            {
                (first, count, point) = Decode(value, digits);
            }
            return at + Render(digits.Slice(first, count), point, output.Slice(at));
        }

        /// <summary>
        /// sqlite3FpDecode(r, 17, 20) for a finite r &gt; 0: the significant digits (at <c>first</c>, <c>count</c> of them, no
        /// trailing zero) and the position of the decimal point (iDP: the digits before it).
        /// </summary>
        private static (int First, int Count, int Point) Decode(double r, Span<byte> z)
        {
            ulong bits = (ulong)BitConverter.DoubleToInt64Bits(r);
            int e = (int)(bits >> 52) & 0x7ff;
            ulong m = bits & 0x000fffffffffffffUL;
            if (e == 0)
            {
                int shift = System.Numerics.BitOperations.LeadingZeroCount(m);
                m <<= shift;
                e = -1074 - shift;
            }
            else
            {
                m = (m << 11) | (1UL << 63);
                e -= 1086;
            }
            var (d, exp) = ToDecimal(m, e);

            // The decimal digits right-aligned in z[4..24): room in front for a carry.
            int i = z.Length;
            while (d > 0)
            {
                z[--i] = (byte)('0' + (int)(d % 10));
                d /= 10;
            }
            int n = z.Length - i;
            int point = n + exp;
            int round = Digits;
            if (round < n)
            {
                var s = z.Slice(i);
                if (s[15] == '9' && s[14] == '9')
                {
                    int kept = 14;
                    while (kept > 0 && s[kept - 1] == '9') kept--;
                    ulong shorter = kept == 0 ? 1 : Prefix(s, kept) + 1;
                    if (r == ToDouble(shorter, exp + n - kept)) round = kept + 1;
                }
                else if (point >= n || (s[15] == '0' && s[14] == '0' && s[13] == '0'))
                {
                    int kept = 13;
                    while (s[kept - 1] == '0') kept--;
                    if (r == ToDouble(Prefix(s, kept), exp + n - kept)) round = kept + 1;
                }
                n = round;
                if (s[round] >= '5')
                {
                    int j = round - 1;
                    while (true)
                    {
                        s[j]++;
                        if (s[j] <= '9') break;
                        s[j] = (byte)'0';
                        if (j == 0)
                        {
                            z[--i] = (byte)'1';
                            n++;
                            point++;
                            break;
                        }
                        j--;
                    }
                }
            }
            while (z[i + n - 1] == '0') n--;
            return (i, n, point);
        }

        private static ulong Prefix(ReadOnlySpan<byte> digits, int count)
        {
            ulong v = 0;
            for (int k = 0; k < count; k++) v = v * 10 + (ulong)(digits[k] - '0');
            return v;
        }

        /// <summary>sqlite3Fp2Convert10(m, e, 18): r = m·2^e as d·10^exp with 18 or 19 digits (m has its top bit set).</summary>
        private static (ulong D, int Exp) ToDecimal(ulong m, int e)
        {
            int p = 17 - Log10OfPowerOfTwo(e + 63);
            ulong h = Math.BigMul(m, PowerOfTen(p, out _), out _);
            h >>= -(e + Log2OfPowerOfTen(p) + 2);
            return ((h + ((h << 1) & 2)) >> 1, -p);
        }

        /// <summary>sqlite3Fp10Convert2: the double SQLite reads for d·10^p (d &gt; 0).</summary>
        private static double ToDouble(ulong d, int p)
        {
            if (p < -348) return 0.0;
            if (p > 347) return double.PositiveInfinity;
            int b = 64 - System.Numerics.BitOperations.LeadingZeroCount(d);
            int lp = Log2OfPowerOfTen(p);
            int e = 53 - b - lp;
            if (e > 1074)
            {
                if (e >= 1130) return 0.0;
                e = 1074;
            }
            int s = -(e - (64 - b) + lp + 3);
            ulong high = PowerOfTen(p, out uint low);
            if (low != 0)
            {
                high++;
                low = ~low;
            }
            ulong x = d << (64 - b);
            ulong hi = Math.BigMul(x, high, out ulong lo);
            uint mid1 = (uint)(lo >> 32);
            ulong sticky = 1;
            if ((hi & ((1UL << s) - 1)) == 0)
            {
                uint mid2 = (uint)(Math.BigMul(x, (ulong)low << 32, out _) >> 32);
                sticky = mid1 - mid2 > 1 ? 1UL : 0UL;
                if (mid1 < mid2) hi--;
            }
            ulong u = (hi >> s) | sticky;
            if (u >= (1UL << 55) - 2)
            {
                u = (u >> 1) | (u & 1);
                e--;
            }
            ulong mantissa = (u + 1 + ((u >> 2) & 1)) >> 2;
            if (e <= -972) return double.PositiveInfinity;
            if ((mantissa & (1UL << 52)) != 0) mantissa = (mantissa & ~(1UL << 52)) | ((ulong)(1075 - e) << 52);
            return BitConverter.Int64BitsToDouble((long)mantissa);
        }

        /// <summary>util.c powerOfTen: 10^p as its top 64 bits (normalized) and the next 32 in <paramref name="low"/>; p in −348 .. 347.</summary>
        private static ulong PowerOfTen(int p, out uint low)
        {
            int g, n;
            if (p < 0)
            {
                if (p == -1)
                {
                    low = ScaleLow[13];
                    return Scale[13];
                }
                g = p / 27; // truncates toward zero, as C
                n = p % 27;
                if (n != 0)
                {
                    g--;
                    n += 27;
                }
            }
            else if (p < 27)
            {
                low = 0;
                return Base[p];
            }
            else
            {
                g = p / 27;
                n = p % 27;
            }
            ulong scale = Scale[g + 13];
            if (n == 0)
            {
                low = ScaleLow[g + 13];
                return scale;
            }
            // util.c sqlite3Multiply160: (scale:scaleLow) × base, the top 64 bits and the next 32.
            UInt128 product = (UInt128)scale * Base[n] + (((UInt128)ScaleLow[g + 13] * Base[n]) >> 32);
            ulong x = (ulong)(product >> 64);
            uint lo = (uint)(product >> 32);
            if ((x >> 63) == 0)
            {
                x = (x << 1) | ((lo >> 31) & 1);
                lo = (lo << 1) | 1;
            }
            low = lo;
            return x;
        }

        /// <summary>floor(log2(10^p)), as SQLite approximates it (pwr10to2).</summary>
        private static int Log2OfPowerOfTen(int p) => (p * 108853) >> 15;

        /// <summary>floor(log10(2^p)), as SQLite approximates it (pwr2to10).</summary>
        private static int Log10OfPowerOfTwo(int p) => (p * 78913) >> 18;

        /// <summary>printf.c etGENERIC with precision 17 and the ! flag, from the decoded digits.</summary>
        private static int Render(ReadOnlySpan<byte> digits, int point, Span<byte> output)
        {
            int exponent = point - 1;
            int at = 0;
            if (exponent < -4 || exponent > Digits - 1)
            {
                output[at++] = digits[0];
                output[at++] = (byte)'.';
                if (digits.Length > 1)
                {
                    digits.Slice(1).CopyTo(output.Slice(at));
                    at += digits.Length - 1;
                }
                else
                {
                    output[at++] = (byte)'0';
                }
                output[at++] = (byte)'e';
                output[at++] = exponent < 0 ? (byte)'-' : (byte)'+';
                int magnitude = Math.Abs(exponent);
                if (magnitude >= 100) output[at++] = (byte)('0' + magnitude / 100);
                output[at++] = (byte)('0' + magnitude / 10 % 10);
                output[at++] = (byte)('0' + magnitude % 10);
                return at;
            }
            if (point <= 0)
            {
                output[at++] = (byte)'0';
                output[at++] = (byte)'.';
                for (int k = point; k < 0; k++) output[at++] = (byte)'0';
                digits.CopyTo(output.Slice(at));
                return at + digits.Length;
            }
            for (int k = 0; k < point; k++) output[at++] = k < digits.Length ? digits[k] : (byte)'0';
            output[at++] = (byte)'.';
            if (digits.Length > point)
            {
                digits.Slice(point).CopyTo(output.Slice(at));
                at += digits.Length - point;
            }
            else
            {
                output[at++] = (byte)'0';
            }
            return at;
        }
    }
}
