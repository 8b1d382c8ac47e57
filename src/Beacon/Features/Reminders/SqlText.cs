using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Beacon.Features.Reminders;

/// <summary>
/// Builds a parameterised statement whose shape depends on settings (the number of rungs): text is appended
/// as written, every value becomes a parameter placeholder. The result goes to ExecuteSqlAsync, never to the
/// raw-string overloads, so no value is ever spliced into the SQL.
/// </summary>
internal sealed class SqlText
{
    private readonly StringBuilder _format = new();
    private readonly List<object?> _values = [];

    /// <summary>Appends fixed SQL text (identifiers, keywords); never a value.</summary>
    public SqlText Add(string sql)
    {
        _format.Append(sql.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
        return this;
    }

    /// <summary>Appends a parameter holding <paramref name="value"/>.</summary>
    public SqlText P(object? value)
    {
        _format.Append('{').Append(_values.Count.ToString(CultureInfo.InvariantCulture)).Append('}');
        _values.Add(value);
        return this;
    }

    public FormattableString Build() => FormattableStringFactory.Create(_format.ToString(), [.. _values]);
}
