using Transfer.Domain.Common;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.AssessingStatus;
using Transfer.Domain.Workstreams.MakingDecisions;
using Transfer.Domain.Workstreams.ReceivingStaffData;
using Transfer.Domain.Workstreams.Registering;
using Transfer.Domain.Workstreams.Rescheduling;
using Transfer.Domain.Workstreams.Retracting;
using Transfer.Domain.Workstreams.SettingTargets;
using Transfer.Domain.Workstreams.TransferringContracts;
using Transfer.Domain.Workstreams.UnifyingSystems;

namespace Transfer.Api.Demo;

/// <summary>One fact of the demo history: what the PMO would have posted, and when it would have been recorded.</summary>
public sealed record PlannedFact(DateTimeOffset RecordedAt, Func<Workstream, CountedItem?, DateOnly, Verdict> Decide, ItemKey? Item = null);

public sealed record PlannedWorkstream(RegisterWorkstream Registration, DateTimeOffset RegisteredAt, IReadOnlyList<PlannedFact> Facts);

/// <summary>
/// A plausible history of the Pirkanmaa preparation through 2022, anchored on the dated facts of the
/// source documents: contracts due 31.1.2022 with Tampere's about a week late and just over 1,700
/// collected by 30.1.; December staff data followed by supplementary requests to all organisations but
/// one; hand-over decisions due 28.2.2022; the election result confirmed 28.1.2022; client fees and
/// service criteria by 6/2022; systems unified through the year. Everything else is drawn from a
/// seeded random generator, so every run plans the same history. <c>seed-scale</c> plans several copies of it
/// (<see cref="HistoryCopy"/>).
/// </summary>
public static class DemoHistory
{
    private static readonly TimeZoneInfo Helsinki = HelsinkiClock.Helsinki;
    private static readonly DateOnly Start = new(2021, 9, 1);

    public static DateTimeOffset At(DateOnly day, int hour, int minute = 0)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, Helsinki.GetUtcOffset(local));
    }

    /// <summary>The demo history, the same on every run.</summary>
    public static IReadOnlyList<PlannedWorkstream> Plan(PirkanmaaData data) => Plan(data, HistoryCopy.Demo, PlanDraws.Demo());

    /// <summary>
    /// One copy of the history (see <see cref="HistoryCopy"/>). Plan copy 1 first, with <see cref="PlanDraws.Demo"/>:
    /// later copies replay its shape draws, so every copy registers the same workstreams.
    /// </summary>
    public static IReadOnlyList<PlannedWorkstream> Plan(PirkanmaaData data, HistoryCopy copy, PlanDraws draws) =>
        data.Workstreams.Select(ws => PlanOne(ws, data, copy, draws)).ToList();

    private static PlannedWorkstream PlanOne(DemoWorkstream ws, PirkanmaaData data, HistoryCopy copy, PlanDraws draws)
    {
        var facts = new List<PlannedFact>();
        // Recorded a few working hours to a few days after it happened, as the PMO catches up.
        DateTimeOffset Recorded(DateOnly occurredOn) => At(occurredOn.AddDays(draws.Timing(0, 4)), draws.Timing(8, 16), draws.Timing(0, 60));
        void Add(DateOnly occurredOn, Func<Workstream, DateOnly, Verdict> decide, DateTimeOffset? recordedAt = null) =>
            facts.Add(new PlannedFact(recordedAt ?? Recorded(occurredOn), (workstream, _, today) => decide(workstream, today)));
        void AddItem(DateOnly occurredOn, ItemKey item, Func<Workstream, CountedItem?, DateOnly, Verdict> decide, DateTimeOffset? recordedAt = null) =>
            facts.Add(new PlannedFact(recordedAt ?? Recorded(occurredOn), decide, item));
        void Targets(DateOnly occurredOn, params Target[] targets) => Add(occurredOn, new SetTargets(targets, occurredOn).Decide);
        void Assess(DateOnly occurredOn, AssessmentDimension dimension, Rag rag, string rationale) =>
            Add(occurredOn, new AssessStatus(dimension, rag, rationale, occurredOn).Decide);
        void Decided(DateOnly occurredOn, MakeDecision decision) => AddItem(occurredOn, decision.Item, decision.Decide);
        DateOnly Between(DateOnly from, DateOnly to) => from.AddDays(draws.Timing(0, to.DayNumber - from.DayNumber + 1));

        var municipalities = data.Organisations.Where(o => o.Kind == Domain.Organisations.OrganisationKind.Municipality).ToList();
        DateOnly due;
        switch (ws.Tracks, ws.Id)
        {
            case ("contracts", _):
            {
                due = new DateOnly(2022, 1, 31);
                var expected = data.Organisations.ToDictionary(o => o.Id, o => o.Id switch { "837" => 420, "pshp" => 470, "pela" => 300, _ => draws.Shape(10, 41) });
                Targets(new DateOnly(2021, 9, 15), expected.Select(e => new Target(e.Key, TargetKind.Contract, copy.Expected(e.Value))).ToArray());
                foreach (var (organisation, count) in expected)
                {
                    for (var n = 1; n <= count; n++)
                    {
                        var occurredOn = (organisation, n) switch
                        {
                            ("837", > 385) => Between(new DateOnly(2022, 2, 1), new DateOnly(2022, 2, 7)), // Tampere: about a week late
                            ("291" or "177", _) when n > count - 4 => Between(new DateOnly(2022, 2, 8), new DateOnly(2022, 2, 18)),
                            _ => Between(new DateOnly(2021, 11, 1), new DateOnly(2022, 1, 28)),
                        };
                        var contract = new TransferContract(organisation, copy.Ref($"{organisation.ToUpperInvariant()}-SOP-{n:000}"), null, occurredOn);
                        AddItem(occurredOn, contract.Item, contract.Decide);
                    }
                }
                // Nokia posted one contract that stays with the municipality, and withdrew it four days later.
                var stray = new TransferContract("536", copy.Ref("536-SOP-900"), null, new DateOnly(2021, 12, 10));
                AddItem(stray.OccurredOn, stray.Item, stray.Decide, At(new DateOnly(2021, 12, 10), 13));
                var withdrawal = new RetractItem(ItemKind.Contract, "536", copy.Ref("536-SOP-900"), "Sopimus jää kunnalle, ei siirry hyvinvointialueelle", new DateOnly(2021, 12, 14));
                AddItem(withdrawal.OccurredOn, withdrawal.Item, withdrawal.Decide, At(new DateOnly(2021, 12, 14), 10));
                Assess(new DateOnly(2022, 1, 30), AssessmentDimension.Schedule, Rag.Amber,
                    "Hieman yli 1 700 sopimusta kerätty. Tampereen sopimussiirto noin viikon myöhässä; kaikki kunnat eivät ehdi määräaikaan.");
                Assess(new DateOnly(2022, 2, 28), AssessmentDimension.Schedule, Rag.Green, "Kaikkien organisaatioiden sopimukset siirretty sopimusrekisteriin.");
                break;
            }
            case ("decisions", "liikkeenluovutuksen-kokonaisuus"):
            {
                due = new DateOnly(2022, 2, 28);
                var deciders = data.Organisations.Where(o => o.Id != "pela").ToList(); // the rescue department is Tampere's
                Targets(new DateOnly(2021, 10, 1), deciders.Select(o => new Target(o.Id, TargetKind.Decision, copy.Expected(1))).ToArray());
                foreach (var organisation in deciders)
                {
                    var day = organisation.Id switch
                    {
                        "250" => new DateOnly(2022, 3, 7),
                        "619" => new DateOnly(2022, 3, 14),
                        _ => Between(new DateOnly(2022, 1, 17), new DateOnly(2022, 2, 28)),
                    };
                    var body = organisation.Id == "pshp" ? "Sairaanhoitopiirin yhtymävaltuusto" : "Valtuusto";
                    Decided(day, new MakeDecision(organisation.Id, body, copy.Ref($"{body} {day.Day}.{day.Month}.{day.Year} § {draws.Timing(3, 40)}"),
                        "Sote- ja pelastustoimen tehtävien, omaisuuden, sopimusten ja henkilöstön siirto hyvinvointialueelle", day));
                }
                Assess(new DateOnly(2022, 3, 1), AssessmentDimension.Schedule, Rag.Amber, "Kahden kunnan luovutuspäätös viivästyy maaliskuulle.");
                break;
            }
            case ("decisions", "aluevaalien-suunnittelu-ja-toteuttaminen"):
                due = new DateOnly(2022, 1, 31);
                Targets(new DateOnly(2021, 9, 15), new Target(null, TargetKind.Decision, copy.Expected(1)));
                Decided(new DateOnly(2022, 1, 28), new MakeDecision(null, "Aluevaalilautakunta", copy.Ref("AVL 28.1.2022"), "Aluevaalien tuloksen vahvistaminen",
                    new DateOnly(2022, 1, 28)));
                break;
            case ("decisions", _):
                due = new DateOnly(2022, 6, 30);
                Targets(new DateOnly(2021, 9, 15), new Target(null, TargetKind.Decision, copy.Expected(2)));
                Decided(new DateOnly(2022, 5, 23), new MakeDecision(null, "Aluevaltuusto", copy.Ref("AV 23.5.2022 § 41"), "Hallintosääntö", new DateOnly(2022, 5, 23)));
                Decided(new DateOnly(2022, 6, 20), new MakeDecision(null, "Aluevaltuusto", copy.Ref("AV 20.6.2022 § 58"), "Palvelujen myöntämisen perusteet",
                    new DateOnly(2022, 6, 20)));
                break;
            case ("staffData", "henkiloston-siirtosuunnitelman-mukaiset-tehtavat"):
            {
                due = new DateOnly(2022, 6, 30);
                // Staff data is done when an organisation's latest submission is complete, so the target stays
                // one per organisation however many copies submit.
                Targets(new DateOnly(2021, 11, 15), data.Organisations.Select(o => new Target(o.Id, TargetKind.StaffData, 1)).ToArray());
                foreach (var organisation in data.Organisations)
                {
                    var employees = organisation.Id switch { "pshp" => 7600, "837" => 4700, "pela" => 640, _ => draws.Shape(60, 520) };
                    var december = Between(new DateOnly(2021, 12, 1), new DateOnly(2021, 12, 20));
                    // The December data of all but one organisation needed a supplementary data request.
                    var completeInDecember = organisation.Id == "908";
                    Add(december, new ReceiveStaffData(organisation.Id, employees - (completeInDecember ? 0 : draws.Shape(5, 40)), completeInDecember, december).Decide);
                    if (completeInDecember) continue;
                    var supplemented = organisation.Id switch
                    {
                        "143" => new DateOnly(2022, 7, 12),
                        "936" => new DateOnly(2022, 8, 3),
                        _ => Between(new DateOnly(2022, 2, 7), new DateOnly(2022, 6, 20)),
                    };
                    Add(supplemented, new ReceiveStaffData(organisation.Id, employees, true, supplemented).Decide);
                }
                Assess(new DateOnly(2022, 1, 30), AssessmentDimension.Schedule, Rag.Amber,
                    "Joulukuun aineistot tarkastettu; täydennyspyyntö lähetetty kaikille organisaatioille yhtä lukuun ottamatta. Osa tiedoista puuttuu vielä.");
                break;
            }
            case ("systems", _):
            {
                due = new DateOnly(2022, 12, 31);
                var items = SystemItems(ws.Id, data);
                Targets(new DateOnly(2021, 10, 1), items.GroupBy(item => item.OrganisationId)
                    .Select(group => new Target(group.Key, TargetKind.System, copy.Expected(group.Count()))).ToArray());
                foreach (var item in items)
                {
                    // Two areas were still only integrated, not unified, when the county took over.
                    if ((item.OrganisationId, item.Area) is ("581", "oral-health") or ("702", "home-care")) continue;
                    var day = Between(new DateOnly(2022, 3, 1), new DateOnly(2022, 12, 16));
                    var unified = new UnifySystem(item.OrganisationId!, copy.Ref(item.Area), item.CurrentSystem, null, day);
                    AddItem(day, unified.Item, unified.Decide);
                }
                Assess(new DateOnly(2022, 6, 30), AssessmentDimension.Schedule, items.Count > 20 ? Rag.Amber : Rag.Green,
                    items.Count > 20 ? "Useiden kuntien järjestelmien yhtenäistäminen siirtyy syksyyn." : "Etenee suunnitellusti.");
                break;
            }
            default:
            {
                // Three milestones approved by the interim preparatory body: the plan, an interim report and the
                // results. Most workstreams keep ahead of the straight line, some run late, a few never finish.
                due = new[] { new DateOnly(2022, 3, 31), new DateOnly(2022, 6, 30), new DateOnly(2022, 9, 30), new DateOnly(2022, 12, 31) }[draws.Shape(4)];
                Targets(new DateOnly(2021, 9, 15), new Target(null, TargetKind.Decision, copy.Expected(3)));
                if (ws.Id == "tukipalvelujen-selvittaminen-ja-palvelujen-tuott")
                {
                    due = new DateOnly(2022, 6, 30);
                    Add(new DateOnly(2022, 5, 16), new Reschedule(new DateOnly(2022, 10, 31), "Selvitys laajeni koskemaan myös ravinto- ja puhtauspalveluja",
                        new DateOnly(2022, 5, 16)).Decide);
                }
                var pace = draws.Shape(10);
                var lateBy = pace < 3 ? 0.2 : 0.0;
                var span = (ws.Id == "tukipalvelujen-selvittaminen-ja-palvelujen-tuott" ? new DateOnly(2022, 10, 31) : due).DayNumber - Start.DayNumber;
                string[] milestones = ["Valmistelusuunnitelma", "Väliraportti", "Valmistelun tulokset"];
                for (var k = 0; k < milestones.Length; k++)
                {
                    if (pace == 0 && k == milestones.Length - 1) break;
                    var fraction = Math.Min(1.1, k / 3.0 + 0.02 + draws.TimingFraction() * 0.25 + lateBy);
                    var day = Start.AddDays((int)(fraction * span));
                    Decided(day, new MakeDecision(null, "VATE", copy.Ref($"VATE {day.Day}.{day.Month}.{day.Year} § {draws.Timing(5, 60)}"),
                        $"{ws.Name}: {milestones[k].ToLowerInvariant()}", day));
                }
                break;
            }
        }

        // The portfolio's status reports rated every project; the later ones only where something was said.
        foreach (var report in new[] { new DateOnly(2022, 1, 30), new DateOnly(2022, 6, 30), new DateOnly(2022, 12, 15) })
        {
            if (report == new DateOnly(2022, 1, 30) && ws.WorkingGroupId != "hallinto") continue;
            var roll = draws.Shape(100);
            var (rag, rationale) = roll switch
            {
                < 68 => (Rag.Green, "Etenee suunnitellusti."),
                < 93 => (Rag.Amber, "Aikataulussa viivettä; korjaavat toimenpiteet sovittu."),
                _ => (Rag.Red, "Merkittävä viive, vaatii valmistelutoimielimen päätöksen."),
            };
            Assess(report, AssessmentDimension.Overall, rag, rationale);
            if (report.Month == 12 && draws.Shape(4) == 0)
                Assess(report, AssessmentDimension.Benefits, Rag.Amber, "Hyötyjen toteutumista seurataan vuonna 2023.");
        }

        var registration = new RegisterWorkstream(ws.Id, ws.Name, ws.WorkingGroupId, ws.Category, Start, due);
        return new PlannedWorkstream(registration, At(new DateOnly(2021, 8, 30), 10), facts.OrderBy(fact => fact.RecordedAt).ToList());
    }

    private sealed record SystemItem(string? OrganisationId, string Area, string? CurrentSystem);

    /// <summary>Which (organisation, system area) a systems workstream unifies, from the systems each organisation ran.</summary>
    private static List<SystemItem> SystemItems(string workstreamId, PirkanmaaData data)
    {
        IEnumerable<DemoSystem> Rows(Func<DemoSystem, bool> which) => data.Systems.Where(which);
        var rows = workstreamId switch
        {
            "tosi-pth-potilastietojarjestelmat" => Rows(s => s.OrganisationId != "pshp" && s.Area is "patient-records" or "patient-administration"),
            "tosi-esh-potilastietojarjestelmat" => Rows(s => s.OrganisationId == "pshp" && s.Area is "patient-records" or "patient-administration"),
            "tosi-sosiaalihuollon-asiakastietojarjestelmat" => Rows(s => s.Area is "social-assistance" or "home-care" or "mobile-operations"),
            "tosi-suun-terveydenhuollon-potilastietojarjestel" => Rows(s => s.Area == "oral-health"),
            _ => [],
        };
        var items = rows.Select(s => new SystemItem(s.OrganisationId, s.Area, s.CurrentSystem)).ToList();
        if (items.Count > 0) return items;
        // The rescue department's own systems, and the county-wide finance and HR systems.
        return workstreamId switch
        {
            "tosi-pelastustoimen-jarjestelmat" => [new("pela", "rescue-operations", null), new("pela", "rescue-records", null)],
            "tori-henkilostohallinnon-jarjestelmat" => [new("837", "payroll", null), new("pshp", "payroll", null), new("837", "hr-records", null), new("pshp", "hr-records", null)],
            _ => [new("837", "general-ledger", null), new("pshp", "general-ledger", null), new("837", "purchase-invoices", null), new("pshp", "purchase-invoices", null)],
        };
    }
}
