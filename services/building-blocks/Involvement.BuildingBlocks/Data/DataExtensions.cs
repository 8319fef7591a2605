using System.Reflection;
using Dapper;
using Involvement.BuildingBlocks.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Involvement.BuildingBlocks.Data;

public static class DataExtensions
{
    /// <summary>
    /// How every service's SQL maps to C#: snake_case columns to PascalCase members, <c>date</c> to <see cref="DateOnly"/>.
    /// A tool that runs a service's store code outside its host (the benchmark) calls this too.
    /// </summary>
    public static void UseDapperConventions()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyTypeHandler());
    }

    public static void AddDatabase(this WebApplicationBuilder builder, Assembly serviceAssembly)
    {
        UseDapperConventions();
        builder.Services.AddSingleton(new RequiredSetting($"ConnectionStrings:{DatabaseOptions.ConnectionStringName}",
            "the Npgsql connection string of this service's own PostgreSQL database, e.g. Host=db;Database=involvement_recruitment;Username=recruitment (the password in it, or in Database__Password)"));
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section);
        builder.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Problems()
            .Concat(services.GetRequiredService<IOptions<RetentionOptions>>().Value.Problems())));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp =>
        {
            var data = new NpgsqlDataSourceBuilder(DatabaseOptions.EffectiveConnectionString(sp.GetRequiredService<IConfiguration>()));
            // The same few statements run all day: prepared once per connection, PostgreSQL stops parsing and planning them.
            if (!data.ConnectionStringBuilder.ContainsKey("Max Auto Prepare"))
            {
                data.ConnectionStringBuilder.MaxAutoPrepare = 64;
            }

            return data.Build();
        });
        builder.Services.AddSingleton<Db>();
        builder.Services.AddSingleton<Migrator>();
        builder.Services.AddMigrations(typeof(DataExtensions).Assembly, "Involvement.BuildingBlocks.Data.Migrations.");
        builder.Services.AddMigrations(serviceAssembly, serviceAssembly.GetName().Name + ".Migrations.");

        var migrateOnStart = builder.Configuration.GetValue<bool?>($"{DatabaseOptions.Section}:MigrateOnStart") ?? builder.Environment.IsDevelopment();
        if (migrateOnStart)
        {
            builder.Services.AddHostedService<MigrateOnStart>();
        }

        builder.Services.AddSingleton<RetentionPruner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionPruner>());
    }

    public static IServiceCollection AddMigrations(this IServiceCollection services, Assembly assembly, string resourcePrefix) =>
        services.AddSingleton(new MigrationScripts(assembly, resourcePrefix));
}
