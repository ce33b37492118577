"""A file SMS backend that takes its time, as a provider over the network does."""

import time

from egov_plugin.core.sms import FileBackend


class SlowFileBackend(FileBackend):
    """Waits 0.1 s per message before writing it to the outbox."""

    def send_messages(self, messages):
        time.sleep(0.1 * len(messages))
        return super().send_messages(messages)
