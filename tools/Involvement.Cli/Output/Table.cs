using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Involvement.Cli.Output;

/// <summary>Aligned columns a person reads: a header row, then one row per item; or field/value pairs for one item.</summary>
public sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public Table Row(params object?[] cells)
    {
        _rows.Add(cells.Select(Text).ToArray());
        return this;
    }

    public static Table From<T>(IEnumerable<T> items, string[] headers, Func<T, object?[]> cells)
    {
        var table = new Table(headers);
        foreach (var item in items)
        {
            table.Row(cells(item));
        }

        return table;
    }

    /// <summary>One item as "field  value" lines.</summary>
    public static Table Fields(params (string Field, object? Value)[] fields) =>
        From(fields, ["field", "value"], f => [f.Field, f.Value]);

    /// <summary>
    /// Any message as field/value lines by reflection (nested fields dotted, list items numbered): the table for
    /// commands whose answer has no list worth columns of its own.
    /// </summary>
    public static Table Of(IMessage message)
    {
        var table = new Table("field", "value");
        Flatten(message, "", table);
        return table;
    }

    public void WriteTo(TextWriter output)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => i < r.Length ? r[i].Length : 0).Append(h.Length).Max()).ToArray();
        output.WriteLine(Line(headers, widths));
        foreach (var row in _rows)
        {
            output.WriteLine(Line(row, widths));
        }

        if (_rows.Count == 0)
        {
            output.WriteLine("(none)");
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    /// <summary>Dates as yyyy-mm-dd, instants in UTC to the minute, pence as pounds, enums as the words a user types.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s.ReplaceLineEndings(" "),
        bool b => b ? "yes" : "no",
        Google.Type.Date d => d.Year == 0 ? "" : $"{d.Year:D4}-{d.Month:D2}-{d.Day:D2}",
        Google.Protobuf.WellKnownTypes.Timestamp t => t.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        Enum e => Arguments.Kebab(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Integer pence as pounds, e.g. 2500 → "25.00".</summary>
    public static string Pounds(long pence) => (pence / 100m).ToString("F2", CultureInfo.InvariantCulture);

    private static void Flatten(IMessage message, string prefix, Table table)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var name = prefix + field.Name;
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                var i = 0;
                foreach (var item in (System.Collections.IList)value)
                {
                    Add(field, $"{name}[{i++}]", item, table);
                }
            }
            else if (field.FieldType != FieldType.Message || field.Accessor.HasValue(message))
            {
                Add(field, name, value, table);
            }
        }
    }

    private static void Add(FieldDescriptor field, string name, object? value, Table table)
    {
        switch (value)
        {
            case Google.Type.Date or Google.Protobuf.WellKnownTypes.Timestamp:
                table.Row(name, value);
                break;
            case IMessage nested:
                Flatten(nested, name + ".", table);
                break;
            case ByteString bytes:
                table.Row(name, $"({bytes.Length} bytes)");
                break;
            default:
                // Defaults say nothing in a table, as in proto JSON: 0, "", false and unspecified are left out.
                if (field.IsRepeated || !IsDefault(value))
                {
                    table.Row(name, value);
                }

                break;
        }
    }

    private static bool IsDefault(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        bool b => !b,
        Enum e => Convert.ToInt64(e, CultureInfo.InvariantCulture) == 0,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture) == 0,
        _ => false,
    };
}
