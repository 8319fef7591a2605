using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Involvement.FunctionalTests.Robustness;

/// <summary>
/// Writes request messages straight from their descriptors, in the protobuf wire format, so any value a client could
/// send can be sent: unknown enum numbers, NaN, out-of-range timestamps, invalid UTF-8. Random choices come from a
/// seeded generator, so a failing case can be replayed.
/// </summary>
public sealed class RequestMaker(int seed, IdPool ids)
{
    private const int MaxDepth = 5;

    /// <summary>Characters of text one request may carry: a little over the hosts' 1 MB limit, never far over.</summary>
    private const int TextBudget = 1_200_000;

    private readonly Random _random = new(seed);
    private int _budget;

    /// <summary>A request with random and boundary values in some of its fields, nested messages and repeated fields included.</summary>
    public byte[] Random(MessageDescriptor message)
    {
        _budget = TextBudget;
        return Write(o => WriteRandom(o, message, 0));
    }

    /// <summary>A request with nothing set but the field at <paramref name="path"/> (through nested messages, first element of lists).</summary>
    public static byte[] Only(IReadOnlyList<FieldDescriptor> path, Action<CodedOutputStream, FieldDescriptor> writeLeaf) =>
        Write(o => WriteOnly(o, path, 0, writeLeaf));

    private static byte[] Write(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }

    private static void WriteOnly(CodedOutputStream o, IReadOnlyList<FieldDescriptor> path, int at, Action<CodedOutputStream, FieldDescriptor> writeLeaf)
    {
        var field = path[at];
        if (at == path.Count - 1)
        {
            writeLeaf(o, field);
            return;
        }

        o.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(Write(inner => WriteOnly(inner, path, at + 1, writeLeaf))));
    }

    private void WriteRandom(CodedOutputStream o, MessageDescriptor message, int depth)
    {
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            if (_random.Next(4) == 0)
            {
                continue;   // proto3 leaves fields unset as often as not
            }

            var count = !field.IsRepeated ? 1 : _random.Next(12) switch { 0 => 0, 1 when depth <= 1 => 600, _ => _random.Next(1, 4) };
            for (var i = 0; i < count; i++)
            {
                WriteRandomField(o, field, depth);
            }
        }
    }

    private void WriteRandomField(CodedOutputStream o, FieldDescriptor field, int depth)
    {
        switch (field.FieldType)
        {
            case FieldType.Message:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(ByteString.CopyFrom(depth >= MaxDepth ? [] : Write(inner => WriteRandom(inner, field.MessageType, depth + 1))));
                break;
            case FieldType.String:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(ByteString.CopyFrom(_random.Next(40) == 0 ? InvalidUtf8[_random.Next(InvalidUtf8.Length)] : Encoding.UTF8.GetBytes(Text())));
                break;
            case FieldType.Bytes:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(ByteString.CopyFrom(Encoding.UTF8.GetBytes(Text())));
                break;
            case FieldType.Bool:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                o.WriteUInt64((ulong)_random.Next(3));   // 2 is not canonical, but a parser must read it as true
                break;
            case FieldType.Enum:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                o.WriteInt32(EnumNumber(field.EnumType));
                break;
            case FieldType.Double:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed64);
                o.WriteDouble(Pick(Doubles));
                break;
            case FieldType.Float:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed32);
                o.WriteFloat((float)Pick(Doubles));
                break;
            case FieldType.Int32 or FieldType.UInt32 or FieldType.SInt32 or FieldType.Fixed32 or FieldType.SFixed32:
                WriteInteger(o, field, Pick(Int32s));
                break;
            default:
                WriteInteger(o, field, Pick(Int64s));
                break;
        }
    }

    /// <summary>A 32-bit or 64-bit integer in the field's own encoding.</summary>
    public static void WriteInteger(CodedOutputStream o, FieldDescriptor field, long value)
    {
        switch (field.FieldType)
        {
            case FieldType.SInt32:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                o.WriteSInt32((int)value);
                break;
            case FieldType.SInt64:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                o.WriteSInt64(value);
                break;
            case FieldType.Fixed32 or FieldType.SFixed32:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed32);
                o.WriteSFixed32((int)value);
                break;
            case FieldType.Fixed64 or FieldType.SFixed64:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed64);
                o.WriteSFixed64(value);
                break;
            case FieldType.Int32 or FieldType.UInt32:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                o.WriteInt32((int)value);
                break;
            default:
                o.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                o.WriteInt64(value);
                break;
        }
    }

    /// <summary>Mostly numbers the enum names (so requests get past required checks), sometimes ones it does not.</summary>
    private int EnumNumber(EnumDescriptor type) => _random.Next(4) == 0
        ? Pick([-1, type.Values.Max(v => v.Number) + 1, 999, int.MaxValue, int.MinValue])
        : type.Values[_random.Next(type.Values.Count)].Number;

    private string Text()
    {
        var text = _random.Next(4) switch
        {
            0 when ids.Count > 0 => ids.Pick(_random),
            1 => Guid.NewGuid().ToString(),
            _ => Pick(Texts),
        };
        _budget -= text.Length;
        return _budget > 0 ? text : "a";
    }

    private T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];

    private static readonly long[] Int64s =
    [
        0, 1, 2, -1, 7, 100, int.MaxValue, (long)int.MaxValue + 1, int.MinValue, long.MaxValue, long.MinValue,
        253_402_300_800, -62_135_596_801, 1_700_000_000,   // timestamps past 9999, before year 1, and a real one
    ];

    private static readonly long[] Int32s = [0, 1, 2, 3, 5, 6, 12, 13, 31, 32, 50, 60, 61, 100, 101, 200, 201, 500, 501, 730, 2026, 10_000, -1, int.MaxValue, int.MinValue];

    private static readonly double[] Doubles =
    [
        0, -0.0, 0.25, 2.5, 12, 12.25, -1, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
        double.MaxValue, double.MinValue, double.Epsilon, 1e300, (double)decimal.MaxValue * 2,
    ];

    private static readonly string[] Texts =
    [
        "", " ", "a", "Amara", "Okafor", "Trust HQ", "name@example.org", "not-an-email@", "intro-participation", "2026",
        "00000000-0000-0000-0000-000000000000", "not-a-uuid", "{0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b}", " 0190A3C4-5B6D-7E8F-9A0B-1C2D3E4F5A6B ",
        "bWVtYmVyczowMTkwYTNjNC01YjZkLTdlOGYtOWEwYi0xYzJkM2U0ZjVhNmI=", "!!!not base64", "b3Bwb3J0dW5pdGllczpub3QtYS1ndWlk",
        "a\nb", "a\r\nb", "a\tb", "a\u0000b", "\u0007", "a\u0085b", "a\u2028b", "x\u202Eevil", "\u2066isolate\u2069", "\u200F", "\u061C",
        "\uD83D\uDE42 smile", "e\u0301", "\uFEFF", "'; drop table members; --", "%", "_", "\\", "null", "-1", "\u00A0",
        new string('x', 5_000), new string('y', 100_000),
    ];

    /// <summary>Bytes that are not UTF-8: a lone continuation, a truncated sequence, an encoded surrogate, an overlong slash.</summary>
    private static readonly byte[][] InvalidUtf8 = [[0x80], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xFF, 0xFE]];
}
