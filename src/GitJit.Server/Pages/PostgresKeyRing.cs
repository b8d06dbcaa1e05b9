using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using GitJit.Server.Hosting;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace GitJit.Server.Pages;

/// <summary>
/// ASP.NET Data Protection's keys (which sign sign-in cookies, OAuth state and anti-forgery tokens) in GitJit's
/// PostgreSQL, table <c>gitjit_data_protection_keys</c>: every instance sharing the database accepts what another
/// issued, and a restart signs no one out. Whoever can read the table can forge sign-ins; guard it like the database.
/// </summary>
internal sealed class PostgresKeyRing(NpgsqlDataSource database) : IXmlRepository
{
    private const string Table = "gitjit_data_protection_keys";
    private readonly Lazy<Task> created = new(() => PostgresTables.CreateAsync(database, Table,
        $"create table if not exists {Table} (name text primary key, xml text not null, created timestamptz not null default now());"));

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        WaitUntilCreated();
        using var select = database.CreateCommand($"select xml from {Table} order by created");
        using var reader = select.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read()) elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        WaitUntilCreated();
        using var insert = database.CreateCommand($"insert into {Table} (name, xml) values ($1, $2) on conflict (name) do nothing");
        insert.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        insert.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        insert.ExecuteNonQuery();
    }

    [SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits", Justification =
        "IXmlRepository is synchronous; Data Protection calls it rarely (start-up, then about once a day) and ASP.NET Core has no synchronization context to deadlock on.")]
    private void WaitUntilCreated() => created.Value.GetAwaiter().GetResult();
}
