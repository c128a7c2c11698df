[assembly: AssemblyFixture(typeof(Gastown.Testing.PostgresFixture))]
