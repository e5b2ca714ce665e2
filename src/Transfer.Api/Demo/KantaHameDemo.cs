using System.Text;
using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.AssessingStatus;
using Transfer.Domain.Workstreams.MakingDecisions;
using Transfer.Domain.Workstreams.ReceivingStaffData;
using Transfer.Domain.Workstreams.Registering;
using Transfer.Domain.Workstreams.SettingTargets;
using Transfer.Domain.Workstreams.TransferringContracts;
using Transfer.Domain.Workstreams.UnifyingSystems;

namespace Transfer.Api.Demo;

/// <summary>
/// Kanta-Häme, the demo's second county: its 14 transferring organisations are real (names and municipality
/// codes as of 2022), but the source documents give no counts or dates for it, so everything else here
/// (the working groups, the four workstreams and their history) is INVENTED for the demo, drawn from a
/// seeded generator so that every run plans the same history. It is smaller than Pirkanmaa's on purpose.
/// </summary>
public static class KantaHameDemo
{
    public const string CountyId = "kanta-hame";

    public static IReadOnlyList<DemoOrganisation> Organisations() =>
        Rows().Select(row => new DemoOrganisation(row[0], row[1], Enum.Parse<OrganisationKind>(row[2].Replace("-", ""), ignoreCase: true))).ToList();

    /// <summary>Invented: a steering group with two sections.</summary>
    public static readonly IReadOnlyList<DemoWorkingGroup> WorkingGroups =
    [
        new("valmistelu", "Valmistelun ohjausryhmä", null),
        new("hallinto-ja-talous", "Hallinto ja talous", "valmistelu"),
        new("tieto-ja-teknologia", "Tieto ja teknologia", "valmistelu"),
    ];

    /// <summary>Invented workstreams, each with an invented history.</summary>
    public static IReadOnlyList<PlannedWorkstream> Plan(IReadOnlyList<DemoOrganisation> organisations)
    {
        var random = new Random(20230102);
        DateOnly Between(DateOnly from, DateOnly to) => from.AddDays(random.Next(0, to.DayNumber - from.DayNumber + 1));
        DateTimeOffset Recorded(DateOnly day) => DemoHistory.At(day.AddDays(random.Next(0, 3)), random.Next(8, 16), random.Next(0, 60));
        PlannedFact Fact(DateOnly day, Func<Workstream, DateOnly, Verdict> decide) => new(Recorded(day), (workstream, _, today) => decide(workstream, today));
        PlannedFact Item(DateOnly day, ItemKey item, Func<Workstream, CountedItem?, DateOnly, Verdict> decide) => new(Recorded(day), decide, item);
        PlannedWorkstream Workstream(string id, string name, string group, WorkstreamCategory category, DateOnly due, List<PlannedFact> facts) =>
            new(new RegisterWorkstream(id, name, group, category, new DateOnly(2021, 9, 1), due), DemoHistory.At(new DateOnly(2021, 9, 1), 10), facts);

        var contracts = new List<PlannedFact>();
        var expected = organisations.ToDictionary(o => o.Id, o => o.Kind == OrganisationKind.Municipality ? random.Next(8, 30) : random.Next(40, 90));
        contracts.Add(Fact(new DateOnly(2021, 9, 20), new SetTargets(expected.Select(e => new Target(e.Key, TargetKind.Contract, e.Value)).ToList(),
            new DateOnly(2021, 9, 20)).Decide));
        foreach (var (organisation, count) in expected)
            for (var n = 1; n <= count; n++)
            {
                // Hämeenlinna (109) posts its last few contracts after the deadline.
                var day = organisation == "109" && n > count - 3
                    ? Between(new DateOnly(2022, 2, 1), new DateOnly(2022, 2, 10))
                    : Between(new DateOnly(2021, 11, 1), new DateOnly(2022, 1, 28));
                var contract = new TransferContract(organisation, $"KH-{organisation.ToUpperInvariant()}-{n:000}", null, day);
                contracts.Add(Item(day, contract.Item, contract.Decide));
            }
        contracts.Add(Fact(new DateOnly(2022, 1, 28), new AssessStatus(AssessmentDimension.Schedule, Rag.Amber,
            "Keksitty demotieto: Hämeenlinnan viimeiset sopimukset myöhästyvät muutamalla päivällä.", new DateOnly(2022, 1, 28)).Decide));

        var staff = new List<PlannedFact>
        {
            Fact(new DateOnly(2021, 11, 15), new SetTargets(organisations.Select(o => new Target(o.Id, TargetKind.StaffData, 1)).ToList(), new DateOnly(2021, 11, 15)).Decide),
        };
        foreach (var organisation in organisations)
        {
            var day = Between(new DateOnly(2021, 12, 1), new DateOnly(2022, 3, 15));
            staff.Add(Fact(day, new ReceiveStaffData(organisation.Id, random.Next(40, 900), Complete: true, day).Decide));
        }

        var decisions = new List<PlannedFact>
        {
            Fact(new DateOnly(2021, 9, 20), new SetTargets(organisations.Where(o => o.Kind == OrganisationKind.Municipality)
                .Select(o => new Target(o.Id, TargetKind.Decision, 1)).ToList(), new DateOnly(2021, 9, 20)).Decide),
        };
        foreach (var organisation in organisations.Where(o => o.Kind == OrganisationKind.Municipality))
        {
            var day = Between(new DateOnly(2022, 1, 10), new DateOnly(2022, 3, 10));
            var decision = new MakeDecision(organisation.Id, "Kunnanvaltuusto", $"{organisation.Id} KV {day:d.M.yyyy} § {random.Next(5, 90)}", "Liikkeenluovutus hyvinvointialueelle", day);
            decisions.Add(Item(day, decision.Item, decision.Decide));
        }

        var systems = new List<PlannedFact>();
        var areas = new[] { "patient-records", "social-assistance", "home-care" };
        var unified = organisations.Where(o => o.Kind == OrganisationKind.Municipality).SelectMany(o => areas.Select(area => (o.Id, area))).ToList();
        systems.Add(Fact(new DateOnly(2021, 10, 1), new SetTargets(unified.GroupBy(u => u.Id)
            .Select(g => new Target(g.Key, TargetKind.System, g.Count())).ToList(), new DateOnly(2021, 10, 1)).Decide));
        foreach (var (organisation, area) in unified)
        {
            if (random.Next(0, 4) == 0) continue; // about a quarter not unified yet
            var day = Between(new DateOnly(2022, 2, 1), new DateOnly(2022, 10, 31));
            var system = new UnifySystem(organisation, area, null, null, day);
            systems.Add(Item(day, system.Item, system.Decide));
        }

        return
        [
            Workstream("sopimusten-siirto", "Sopimusten siirto hyvinvointialueelle", "hallinto-ja-talous", WorkstreamCategory.Administration, new DateOnly(2022, 1, 31), contracts),
            Workstream("henkilostotiedot", "Siirtyvän henkilöstön tiedot", "hallinto-ja-talous", WorkstreamCategory.Hr, new DateOnly(2022, 3, 31), staff),
            Workstream("liikkeenluovutuspaatokset", "Kuntien liikkeenluovutuspäätökset", "valmistelu", WorkstreamCategory.Administration, new DateOnly(2022, 2, 28), decisions),
            Workstream("asiakastietojarjestelmat", "Asiakas- ja potilastietojärjestelmien yhtenäistäminen", "tieto-ja-teknologia", WorkstreamCategory.Ict, new DateOnly(2022, 12, 31), systems),
        ];
    }

    private static IEnumerable<string[]> Rows()
    {
        using var stream = typeof(KantaHameDemo).Assembly.GetManifestResourceStream("KantaHame.organisations.csv")
            ?? throw new InvalidOperationException("The Kanta-Häme organisations are not embedded in the API assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.TrimEnd('\r').Split(',')).ToList();
    }
}
