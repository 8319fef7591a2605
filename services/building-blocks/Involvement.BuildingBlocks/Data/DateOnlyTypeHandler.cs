using System.Data;
using Dapper;

namespace Involvement.BuildingBlocks.Data;

/// <summary>Lets Dapper read PostgreSQL <c>date</c> columns (which Npgsql returns as DateTime) into <see cref="DateOnly"/>.</summary>
internal sealed class DateOnlyTypeHandler : SqlMapper.TypeHandler<DateOnly>
{
    public override DateOnly Parse(object value) => value switch
    {
        DateOnly date => date,
        DateTime dateTime => DateOnly.FromDateTime(dateTime),
        _ => throw new DataException($"Cannot read a {value.GetType().Name} as a date."),
    };

    public override void SetValue(IDbDataParameter parameter, DateOnly value)
    {
        parameter.DbType = DbType.Date;
        parameter.Value = value;
    }
}
