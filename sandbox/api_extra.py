"""Bot API methods the sandbox knows by name but does not model, and a few small ones it does."""

from __future__ import annotations

from typing import Any

from sandbox.errors import bad_request, forbidden
from sandbox.params import get_int, get_json, get_str
from sandbox.world import World

__all__ = ["REAL_METHODS", "ProfileMethods"]

# Every Bot API method name (Bot API 9.x, as python-telegram-bot 22.8 knows them). Real methods
# the sandbox does not model answer 400 "...not modelled by the sandbox" instead of Telegram's
# 404 for unknown names, which PTB would report as an invalid token.
REAL_METHODS = frozenset(
    """
    addStickerToSet answerCallbackQuery answerGuestQuery answerInlineQuery
    answerPreCheckoutQuery answerShippingQuery answerWebAppQuery approveChatJoinRequest
    approveSuggestedPost banChatMember banChatSenderChat close closeForumTopic
    closeGeneralForumTopic convertGiftToStars copyMessage copyMessages createChatInviteLink
    createChatSubscriptionInviteLink createForumTopic createInvoiceLink createNewStickerSet
    declineChatJoinRequest declineSuggestedPost deleteAllMessageReactions deleteBusinessMessages
    deleteChatPhoto deleteChatStickerSet deleteForumTopic deleteMessage deleteMessageReaction
    deleteMessages deleteMyCommands deleteStickerFromSet deleteStickerSet deleteStory
    deleteWebhook editChatInviteLink editChatSubscriptionInviteLink editForumTopic
    editGeneralForumTopic editMessageCaption editMessageChecklist editMessageLiveLocation
    editMessageMedia editMessageReplyMarkup editMessageText editStory editUserStarSubscription
    exportChatInviteLink forwardMessage forwardMessages getAvailableGifts
    getBusinessAccountGifts getBusinessAccountStarBalance getBusinessConnection getChat
    getChatAdministrators getChatGifts getChatMember getChatMemberCount getChatMenuButton
    getCustomEmojiStickers getFile getForumTopicIconStickers getGameHighScores
    getManagedBotAccessSettings getManagedBotToken getMe getMyCommands
    getMyDefaultAdministratorRights getMyDescription getMyName getMyShortDescription
    getMyStarBalance getStarTransactions getStickerSet getUpdates getUserChatBoosts getUserGifts
    getUserPersonalChatMessages getUserProfileAudios getUserProfilePhotos getWebhookInfo
    giftPremiumSubscription hideGeneralForumTopic leaveChat logOut pinChatMessage postStory
    promoteChatMember readBusinessMessage refundStarPayment removeBusinessAccountProfilePhoto
    removeChatVerification removeMyProfilePhoto removeUserVerification reopenForumTopic
    reopenGeneralForumTopic replaceManagedBotToken replaceStickerInSet repostStory
    restrictChatMember revokeChatInviteLink savePreparedInlineMessage savePreparedKeyboardButton
    sendAnimation sendAudio sendChatAction sendChecklist sendContact sendDice sendDocument
    sendGame sendGift sendInvoice sendLivePhoto sendLocation sendMediaGroup sendMessage
    sendMessageDraft sendPaidMedia sendPhoto sendPoll sendSticker sendVenue sendVideo
    sendVideoNote sendVoice setBusinessAccountBio setBusinessAccountGiftSettings
    setBusinessAccountName setBusinessAccountProfilePhoto setBusinessAccountUsername
    setChatAdministratorCustomTitle setChatDescription setChatMemberTag setChatMenuButton
    setChatPermissions setChatPhoto setChatStickerSet setChatTitle
    setCustomEmojiStickerSetThumbnail setGameScore setManagedBotAccessSettings
    setMessageReaction setMyCommands setMyDefaultAdministratorRights setMyDescription setMyName
    setMyProfilePhoto setMyShortDescription setPassportDataErrors setStickerEmojiList
    setStickerKeywords setStickerMaskPosition setStickerPositionInSet setStickerSetThumbnail
    setStickerSetTitle setUserEmojiStatus setWebhook stopMessageLiveLocation stopPoll
    transferBusinessAccountStars transferGift unbanChatMember unbanChatSenderChat
    unhideGeneralForumTopic unpinAllChatMessages unpinAllForumTopicMessages
    unpinAllGeneralForumTopicMessages unpinChatMessage upgradeGift uploadStickerFile verifyChat
    verifyUser
    """.split()
)

Params = dict[str, Any]
Files = dict[str, tuple[str, bytes]]


class ProfileMethods:
    """The bot's own profile texts, its menu button, and chat housekeeping calls."""

    world: World

    def _profile(self, params: Params, field: str, limit: int) -> Any:
        value = get_str(params, field) or ""
        if len(value) > limit:
            raise bad_request(f"{field.replace('_', ' ')} is too long")
        language = get_str(params, "language_code") or ""
        self.world.profile[(field, language)] = value
        return True

    def _profile_get(self, params: Params, field: str) -> Any:
        language = get_str(params, "language_code") or ""
        return {field: self.world.profile.get((field, language), "")}

    async def m_setMyDescription(self, params: Params, files: Files) -> Any:
        return self._profile(params, "description", 512)

    async def m_getMyDescription(self, params: Params, files: Files) -> Any:
        return self._profile_get(params, "description")

    async def m_setMyShortDescription(self, params: Params, files: Files) -> Any:
        return self._profile(params, "short_description", 120)

    async def m_getMyShortDescription(self, params: Params, files: Files) -> Any:
        return self._profile_get(params, "short_description")

    async def m_setMyName(self, params: Params, files: Files) -> Any:
        return self._profile(params, "name", 64)

    async def m_getMyName(self, params: Params, files: Files) -> Any:
        return self._profile_get(params, "name")

    async def m_setChatMenuButton(self, params: Params, files: Files) -> Any:
        button = get_json(params, "menu_button", "menu button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in ("default", "commands", "web_app"):
            raise bad_request("can't parse menu button JSON object")
        self.world.profile[("menu_button", get_str(params, "chat_id") or "")] = button
        return True

    async def m_getChatMenuButton(self, params: Params, files: Files) -> Any:
        key = ("menu_button", get_str(params, "chat_id") or "")
        return self.world.profile.get(key, {"type": "default"})

    async def m_getChatMemberCount(self, params: Params, files: Files) -> Any:
        chat = self.world.resolve(params.get("chat_id"))
        if chat is None:
            raise bad_request("chat not found")
        return 1 + sum(1 for status in chat.members.values() if status not in ("left", "kicked"))

    async def m_leaveChat(self, params: Params, files: Files) -> Any:
        chat = self.world.resolve(params.get("chat_id"))
        if chat is None:
            raise bad_request("chat not found")
        if chat.type == "private":
            raise bad_request("chat member status can't be changed in private chats")
        if chat.bot_status in ("left", "kicked"):
            raise forbidden(f"bot is not a member of the {chat.type} chat")
        chat.bot_status = "left"
        return True

    async def m_deleteMessages(self, params: Params, files: Files) -> Any:
        chat = self.world.resolve(params.get("chat_id"))
        if chat is None:
            raise bad_request("chat not found")
        ids = get_json(params, "message_ids", "message identifiers")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise bad_request("message identifiers are not specified")
        found = [i for i in ids if isinstance(i, int) and self.world.message(chat.id, i)]
        if not found:
            raise bad_request("message to delete not found")
        for message_id in found:
            del self.world.messages[(chat.id, message_id)]
            self.world.record("deleteMessage", chat.id, message_id=message_id)
        return True

    async def m_pinChatMessage(self, params: Params, files: Files) -> Any:
        return self._pin(params, True)

    async def m_unpinChatMessage(self, params: Params, files: Files) -> Any:
        return self._pin(params, False)

    def _pin(self, params: Params, pinned: bool) -> Any:
        chat = self.world.resolve(params.get("chat_id"))
        if chat is None:
            raise bad_request("chat not found")
        message_id = get_int(params, "message_id")
        if message_id is None and pinned:
            raise bad_request("message identifier is not specified")
        if message_id is not None and self.world.message(chat.id, message_id) is None:
            raise bad_request("message to pin not found" if pinned else "message to unpin not found")
        self.world.record("pinChatMessage" if pinned else "unpinChatMessage", chat.id,
                          message_id=message_id)  # fmt: skip
        return True
