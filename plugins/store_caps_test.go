package plugins

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/relaciona/relaciona/plugins/driver"
)

// Each combination of capabilities gives exactly its optional interfaces.
func TestClientOffersExactlyTheReportedCapabilities(t *testing.T) {
	for _, counter := range []bool{false, true} {
		for _, snapshot := range []bool{false, true} {
			for _, lock := range []bool{false, true} {
				s := withCapabilities(&storeClient{}, counter, snapshot, lock)
				_, c := s.(driver.Counter)
				_, sn := s.(driver.Snapshotter)
				_, l := s.(driver.Locker)
				_, k := s.(driver.AuditKeyer)
				assert.Equal(t, []bool{counter, snapshot, lock, true}, []bool{c, sn, l, k}, "counter %v snapshot %v lock %v", counter, snapshot, lock)
				assert.NotNil(t, s.(interface{ base() *storeClient }).base())
			}
		}
	}
}
