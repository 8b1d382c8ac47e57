using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Beacon.Data;

/// <summary>
/// PostgreSQL row-level security reads the practice from two settings of the connection. This interceptor
/// sets them whenever a connection opens, and again before a command if the unit of work has since changed
/// practice, so a query that forgot its filter still cannot see another practice.
/// </summary>
internal sealed class PostgresTenantInterceptor(TenantContext tenant) : DbConnectionInterceptor, IDbCommandInterceptor
{
    // What was last applied to each open connection object.
    private static readonly ConditionalWeakTable<DbConnection, AppliedTenant> Applied = [];

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        await ApplyAsync(connection, cancellationToken);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        ApplyAsync(connection, CancellationToken.None).GetAwaiter().GetResult();

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await EnsureCurrentAsync(command, cancellationToken);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await EnsureCurrentAsync(command, cancellationToken);
        return result;
    }

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await EnsureCurrentAsync(command, cancellationToken);
        return result;
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        EnsureCurrentAsync(command, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        EnsureCurrentAsync(command, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        EnsureCurrentAsync(command, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    private async ValueTask EnsureCurrentAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var connection = command.Connection;
        if (connection is null)
        {
            return;
        }
        if (!Applied.TryGetValue(connection, out var applied) || applied.PracticeId != tenant.PracticeId || applied.IsSystem != tenant.IsSystem)
        {
            await ApplyAsync(connection, cancellationToken, command.Transaction);
        }
    }

    private async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        await using var set = connection.CreateCommand();
        set.Transaction = transaction;
        set.CommandText = "SELECT set_config('beacon.practice_id', @practice, false), set_config('beacon.system', @system, false)";
        var practice = set.CreateParameter();
        practice.ParameterName = "practice";
        practice.Value = tenant.HasPractice ? tenant.PracticeId.ToString() : "";
        set.Parameters.Add(practice);
        var system = set.CreateParameter();
        system.ParameterName = "system";
        system.Value = tenant.IsSystem ? "on" : "off";
        set.Parameters.Add(system);
        await set.ExecuteNonQueryAsync(cancellationToken);
        Applied.AddOrUpdate(connection, new AppliedTenant(tenant.PracticeId, tenant.IsSystem));
    }

    private sealed record AppliedTenant(Guid PracticeId, bool IsSystem);
}
