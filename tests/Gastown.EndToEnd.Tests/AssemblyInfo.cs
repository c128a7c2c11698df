// One private PostgreSQL server for the run, started only when a PostgreSQL test asks for it.
[assembly: AssemblyFixture(typeof(Gastown.Testing.PostgresFixture))]
