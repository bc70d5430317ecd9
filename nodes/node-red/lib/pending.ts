// The answers relais-agent-events is waiting for, shared with relais-agent-reply (both node files load
// this one module, so they share it in the Node-RED process). The msg carries the id as
// msg._relaisReplyId; Node-RED keeps `_` properties through the nodes between the two.
import { createPendingAnswers } from '../../../src/conversation';

export const REPLY_ID_PROPERTY = '_relaisReplyId';

export const pendingAnswers = createPendingAnswers();
