package stakeholder

import (
	"context"
	"maps"
	"slices"

	"github.com/relaciona/relaciona"
)

// checkChannelMix refuses an approval that leaves a stakeholder whose plan
// must combine channels (governance.channel_mix: the most important
// stakeholders by default, every manage-closely one with "key", none with
// "off") with active plan items that use only formal or only informal
// channels: "Creativamente combina canales de comunicación formales e
// informales para lograr el resultado deseado" (seed
// 000_f7cf2e5b8754cfa1.txt, description of RLMT). The items that count
// are the stakeholder's own and those of the groups it belongs to,
// active after the approval (approved holds the items being approved).
// Only the stakeholders the approval touches are checked; the error names
// the first of them.
func (s *Process) checkChannelMix(ctx context.Context, approved []relaciona.Doc[PlanItem]) error {
	mode := s.cfg.Governance.ChannelMix
	if mode == ChannelMixOff {
		return nil
	}
	active, err := s.plans.All(ctx, relaciona.Filter{Attrs: map[string]string{"status": string(PlanActive)}})
	if err != nil {
		return err
	}
	items := map[string]PlanItem{}
	for _, d := range active {
		items[d.ID] = d.Value
	}
	touchedSt, touchedGr := map[string]bool{}, map[string]bool{}
	for _, d := range approved {
		if d.Value.Status == PlanActive {
			items[d.ID] = d.Value
		}
		if d.Value.Stakeholder != "" {
			touchedSt[d.Value.Stakeholder] = true
		} else {
			touchedGr[d.Value.Group] = true
		}
	}
	if len(touchedGr) > 0 {
		sts, err := s.Stakeholders(ctx)
		if err != nil {
			return err
		}
		for _, st := range sts {
			if slices.ContainsFunc(st.Groups, func(g string) bool { return touchedGr[g] }) {
				touchedSt[st.ID] = true
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(touchedSt)) {
		must, err := s.isMostImportant(ctx, id)
		if err != nil {
			return err
		}
		d, err := s.stakeholders.Get(ctx, id)
		if err != nil {
			continue // a stakeholder gone from the register has no plan to mix
		}
		st := d.Value
		if !must && mode == ChannelMixKey {
			must = st.Latest != nil && st.Latest.Quadrant == ManageClosely
		}
		if !must {
			continue
		}
		formal, informal := 0, 0
		for _, p := range items {
			if p.Stakeholder != id && (p.Group == "" || !slices.Contains(st.Groups, p.Group)) {
				continue
			}
			if s.channels[p.Channel].Formal {
				formal++
			} else {
				informal++
			}
		}
		switch {
		case formal > 0 && informal == 0:
			return s.invalid("ids", "el plan de la parte interesada %q usa solo canales formales: combine canales formales e informales", "the plan of stakeholder %q uses only formal channels: combine formal and informal channels", id)
		case informal > 0 && formal == 0:
			return s.invalid("ids", "el plan de la parte interesada %q usa solo canales informales: combine canales formales e informales", "the plan of stakeholder %q uses only informal channels: combine formal and informal channels", id)
		}
	}
	return nil
}
