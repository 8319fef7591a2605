using System.Globalization;

namespace Involvement.BuildingBlocks.Money;

/// <summary>
/// An amount of money in whole pence (GBP). Money is never floating point: SQL keeps it as <c>bigint</c>, protos as
/// <c>int64 ..._pence</c>, events as JSON integers. Rates times quantities round half away from zero, once, at the end.
/// </summary>
public readonly record struct Pence(long Value) : IComparable<Pence>
{
    public static readonly Pence Zero = new(0);

    public static Pence operator +(Pence a, Pence b) => new(checked(a.Value + b.Value));

    public static Pence operator -(Pence a, Pence b) => new(checked(a.Value - b.Value));

    public static Pence operator -(Pence a) => new(checked(-a.Value));

    public static bool operator <(Pence a, Pence b) => a.Value < b.Value;

    public static bool operator >(Pence a, Pence b) => a.Value > b.Value;

    public static bool operator <=(Pence a, Pence b) => a.Value <= b.Value;

    public static bool operator >=(Pence a, Pence b) => a.Value >= b.Value;

    /// <summary>A rate for a (possibly fractional) quantity: 45p a mile for 12.5 miles is 563p.</summary>
    public Pence Times(decimal quantity) => new((long)decimal.Round(Value * quantity, 0, MidpointRounding.AwayFromZero));

    public static Pence Sum(IEnumerable<Pence> amounts) => amounts.Aggregate(Zero, (total, amount) => total + amount);

    public int CompareTo(Pence other) => Value.CompareTo(other.Value);

    /// <summary>"£20.00", "-£3.50": for people (messages, statements), never for storage.</summary>
    public override string ToString() =>
        (Value < 0 ? "-" : "") + "£" + (Math.Abs((decimal)Value) / 100m).ToString("#,0.00", CultureInfo.InvariantCulture);
}
