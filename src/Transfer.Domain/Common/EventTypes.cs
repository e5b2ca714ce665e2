using Transfer.Domain.Organisations;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams.AssessingStatus;
using Transfer.Domain.Workstreams.MakingDecisions;
using Transfer.Domain.Workstreams.ReceivingStaffData;
using Transfer.Domain.Workstreams.Registering;
using Transfer.Domain.Workstreams.Rescheduling;
using Transfer.Domain.Workstreams.Retracting;
using Transfer.Domain.Workstreams.SettingTargets;
using Transfer.Domain.Workstreams.TransferringContracts;
using Transfer.Domain.Workstreams.UnifyingSystems;

namespace Transfer.Domain.Common;

/// <summary>Every kind of fact the product records.</summary>
public static class EventTypes
{
    public static readonly IReadOnlyList<Type> All =
    [
        typeof(OrganisationRegistered), typeof(WorkingGroupRegistered), typeof(WorkstreamRegistered), typeof(TargetsSet),
        typeof(WorkstreamRescheduled), typeof(ContractTransferred), typeof(SystemUnified), typeof(StaffDataReceived),
        typeof(DecisionMade), typeof(StatusAssessed), typeof(ItemRetracted),
    ];
}
