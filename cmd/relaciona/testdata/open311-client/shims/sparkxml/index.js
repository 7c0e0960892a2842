// Stand-in for open311's dependency sparkxml, a git dependency
// (github.com/codeforamerica/node-sparkxml) that npm cannot fetch from the
// registry. open311 uses it only in its XML mode, which the end-to-end test
// does not use (the XML answers are checked by citizen/open311's spec
// tests): calling it fails loudly.
'use strict';
exports.parseXml = () => { throw new Error('sparkxml stand-in: the XML mode is not driven by this test'); };
