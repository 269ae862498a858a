namespace CallCrm.Connectors.Storage.PostgreSql.Schema;

/// <summary>One step of the schema: the SQL that takes a database from <c>Version - 1</c> to <see cref="Version"/>.</summary>
/// <param name="Version">The schema version after the step; versions start at 1 and increase by one.</param>
/// <param name="Description">What the step changes, stored in the version table for people reading the database.</param>
/// <param name="Sql">The statements, run in the migration's transaction together with the version row.</param>
internal sealed record PostgreSqlMigration(int Version, string Description, string Sql);
