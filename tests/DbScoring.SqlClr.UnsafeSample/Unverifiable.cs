using System.Security.Cryptography;

namespace DbScoring.SqlClr.UnsafeSample;

/// <summary>
/// Code that compiles for net48 but that SQL Server refuses or cannot run in a SAFE assembly: unverifiable IL
/// (Msg 6218 at CREATE ASSEMBLY: ref returns, ref structs, pointers, function pointers, stackalloc), System.ValueTuple
/// (in mscorlib only from .NET Framework 4.7) and a hash class that throws under the FIPS policy.
/// </summary>
public static unsafe class Unverifiable
{
    private static readonly int[] Numbers = { 1, 2, 3 };

    public static ref int FirstNumber() => ref Numbers[0];

    public static int Pointer(int* values) => values[0];

    public static int FunctionPointer(delegate*<int, int> twice) => twice(21);

    public static int StackBuffer()
    {
        int* buffer = stackalloc int[4];
        buffer[0] = 7;
        return buffer[0];
    }

    public static (int Low, int High) Tuple(int value) => (value - 1, value + 1);

    public static byte[] NotFipsSafe(byte[] bytes)
    {
        using var sha = new SHA256Managed();
        return sha.ComputeHash(bytes);
    }
}

/// <summary>A ref struct: its fields are byrefs the verifier cannot track.</summary>
public ref struct Window
{
    public int Start;
}
