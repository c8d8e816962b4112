"""Chinese and English labels for every fixed code in `webapp.rules.codes`.

Plain tables `{code: {"zh": ..., "en": ...}}`: the pages pick the user's language;
Chinese is the default.
"""

from enum import StrEnum

Labels = dict[str, dict[str, str]]

KIND_LABELS: Labels = {
    "complaint": {"zh": "投诉", "en": "Complaint"},
    "request": {"zh": "诉求", "en": "Request"},
    "inquiry": {"zh": "咨询", "en": "Inquiry"},
    "suggestion": {"zh": "建议", "en": "Suggestion"},
    "praise": {"zh": "表扬", "en": "Praise"},
}

GROUP_LABELS: Labels = {
    "product": {"zh": "商品", "en": "Product"},
    "service": {"zh": "服务", "en": "Service"},
    "delivery": {"zh": "配送", "en": "Delivery"},
    "safety": {"zh": "安全", "en": "Safety"},
    "non_complaint": {"zh": "其他", "en": "Other"},
}

CATEGORY_LABELS: Labels = {
    "price": {"zh": "价格", "en": "Price"},
    "quality": {"zh": "品质", "en": "Quality"},
    "defect": {"zh": "残缺", "en": "Damaged or defective"},
    "expired": {"zh": "过期", "en": "Expired"},
    "mislabel": {"zh": "标示不符", "en": "Mislabelled"},
    "no_cn_label": {"zh": "未附中文标示", "en": "No Chinese label"},
    "out_of_stock": {"zh": "缺货", "en": "Out of stock"},
    "staff_attitude": {"zh": "工作人员态度不佳", "en": "Staff attitude"},
    "billing": {"zh": "收银或结算差错", "en": "Billing or settlement"},
    "insufficient_service": {"zh": "服务项目不足", "en": "Service missing"},
    "service_execution": {"zh": "服务作业不当", "en": "Service done wrong"},
    "service_withdrawn": {"zh": "取消原有服务项目", "en": "Service withdrawn"},
    "staff_misconduct": {"zh": "办事拖拉或不当要求", "en": "Staff misconduct"},
    "order_interference": {"zh": "干预客户订货", "en": "Order interference"},
    "delivery_damage": {"zh": "配送破损", "en": "Damaged in delivery"},
    "delivery_loss": {"zh": "配送丢失", "en": "Lost in delivery"},
    "delivery_delay": {"zh": "配送延误", "en": "Delivery delayed"},
    "handover_dispute": {"zh": "交接争议", "en": "Handover dispute"},
    "accident": {"zh": "意外事件", "en": "Accident"},
    "environment": {"zh": "环境影响", "en": "Environment"},
    "inquiry": {"zh": "咨询", "en": "Inquiry"},
    "suggestion": {"zh": "建议", "en": "Suggestion"},
    "praise": {"zh": "表扬", "en": "Praise"},
    "other_request": {"zh": "其他诉求", "en": "Other request"},
}

SEVERITY_LABELS: Labels = {
    "general": {"zh": "一般投诉", "en": "General"},
    "major_b": {"zh": "重大投诉(B级)", "en": "Major (B)"},
    "major_a": {"zh": "重大投诉(A级)", "en": "Major (A)"},
}

TIER_LABELS: Labels = {
    "first_responder": {"zh": "首问责任人", "en": "First responder"},
    "market_manager": {"zh": "市场经理", "en": "Market manager"},
    "head_of_unit": {"zh": "营销中心负责人", "en": "Head of unit"},
}

STATUS_LABELS: Labels = {
    "new": {"zh": "新建", "en": "New"},
    "acknowledged": {"zh": "已受理", "en": "Acknowledged"},
    "in_progress": {"zh": "处理中", "en": "In progress"},
    "resolved": {"zh": "已解决", "en": "Resolved"},
    "callback_done": {"zh": "已回访", "en": "Callback done"},
    "closed": {"zh": "已关闭", "en": "Closed"},
    "reopened": {"zh": "已重开", "en": "Reopened"},
}

GRADE_LABELS: Labels = {
    "A": {"zh": "A级(每日跟踪)", "en": "A (daily)"},
    "B": {"zh": "B级(每周跟踪)", "en": "B (weekly)"},
    "C": {"zh": "C级(每半月跟踪)", "en": "C (every 15 days)"},
    "D": {"zh": "D级(每月跟踪)", "en": "D (monthly)"},
    "E": {"zh": "E级(每年跟踪)", "en": "E (yearly)"},
}

PURPOSE_LABELS: Labels = {
    "routine": {"zh": "例行拜访", "en": "Routine"},
    "promotion": {"zh": "品牌推广", "en": "Promotion"},
    "complaint_followup": {"zh": "投诉跟进", "en": "Complaint follow-up"},
    "training": {"zh": "客户培训", "en": "Training"},
    "delivery_issue": {"zh": "配送问题", "en": "Delivery issue"},
    "info_collection": {"zh": "信息采集", "en": "Information collection"},
}

RESTOCK_REASON_LABELS: Labels = {
    "wedding": {"zh": "婚庆", "en": "Wedding"},
    "funeral": {"zh": "丧事", "en": "Funeral"},
    "reception": {"zh": "会议接待", "en": "Meeting or reception"},
    "group_purchase": {"zh": "团购", "en": "Group purchase"},
    "stock_out": {"zh": "库存不足", "en": "Stock-out"},
}

RESTOCK_STATUS_LABELS: Labels = {
    "submitted": {"zh": "已提交", "en": "Submitted"},
    "approved": {"zh": "已批准", "en": "Approved"},
    "rejected": {"zh": "已拒绝", "en": "Rejected"},
    "fulfilled": {"zh": "已供货", "en": "Fulfilled"},
    "followed_up": {"zh": "已跟进", "en": "Followed up"},
}

STORE_CHANGE_STATUS_LABELS: Labels = {
    "pending": {"zh": "待处理", "en": "Pending"},
    "applied": {"zh": "已生效", "en": "Applied"},
    "rejected": {"zh": "已驳回", "en": "Rejected"},
}


# Labels of the rule results the pages show (not stored codes, but stable strings).
SEVERITY_REASON_LABELS: Labels = {
    "safety_category": {"zh": "安全类投诉", "en": "Safety complaint"},
    "safety_incident": {"zh": "火灾、事故或人身伤害", "en": "Fire, accident or injury"},
    "product_harm": {"zh": "假冒或有害商品", "en": "Counterfeit or harmful goods"},
    "legal_action": {"zh": "可能引起诉讼", "en": "May lead to legal action"},
    "regulator_involved": {"zh": "公安、工商、消协等介入", "en": "Regulator or police involved"},
    "compensation_demand": {"zh": "要求更换或赔偿", "en": "Demands replacement or damages"},
    "repeated_failed_fix": {"zh": "反复处理未解决", "en": "Repeated failed fixes"},
    "written_reply_demand": {"zh": "要求书面答复", "en": "Demands a written reply"},
    "blocks_premises": {"zh": "客户堵门", "en": "Customer blocks the premises"},
    "law_breach": {"zh": "违反法律法规", "en": "Breach of law or regulation"},
    "hq_flagged": {"zh": "总部重点管控", "en": "Flagged by HQ"},
    "media": {"zh": "媒体曝光", "en": "Taken to the media"},
    "public_body_complaint": {"zh": "投诉至公众部门", "en": "Complained to a public body"},
}

DEADLINE_LABELS: Labels = {
    "register": {"zh": "登记", "en": "Register"},
    "first_answer": {"zh": "首次答复", "en": "First answer"},
    "temp_measure": {"zh": "临时对策", "en": "Temporary measure"},
    "resolve": {"zh": "解决答复", "en": "Resolution"},
}

VISIT_STATE_LABELS: Labels = {
    "overdue": {"zh": "已逾期", "en": "Overdue"},
    "due": {"zh": "今日应访", "en": "Due"},
    "not_due": {"zh": "未到期", "en": "Not due"},
}

VISIT_FLAG_LABELS: Labels = {
    "no_location": {"zh": "无定位", "en": "No location"},
    "poor_accuracy": {"zh": "定位精度差", "en": "Poor GPS accuracy"},
    "far_from_store": {"zh": "距门店过远", "en": "Far from the store"},
    "repeated_coordinates": {"zh": "坐标与以往完全相同", "en": "Repeated coordinates"},
    "short_visit": {"zh": "拜访时间过短", "en": "Short visit"},
    # flags the push adds beside the trust rules' own (services.visits, .prices, photo_store)
    "clock_skew": {"zh": "手机时间不准", "en": "Phone clock was off"},
    "identical_photo": {"zh": "照片曾被使用过", "en": "Photo used before"},
    "near_duplicate_photo": {"zh": "照片与以前的非常相似", "en": "Photo very like an earlier one"},
}

# Store.delivery_method, in the manuals' words [000 送货到户、定点取货、委托代送].
DELIVERY_METHOD_LABELS: Labels = {
    "home_delivery": {"zh": "送货到户", "en": "Delivery to the door"},
    "pickup_point": {"zh": "定点取货", "en": "Pick-up point"},
    "delegated_delivery": {"zh": "委托代送", "en": "Delegated delivery"},
}

ORDER_STATUS_LABELS: Labels = {
    "submitted": {"zh": "已提交", "en": "Submitted"},
    "confirmed": {"zh": "已确认", "en": "Confirmed"},
    "picking": {"zh": "分拣中", "en": "Picking"},
    "out_for_delivery": {"zh": "配送中", "en": "Out for delivery"},
    "delivered": {"zh": "已送达", "en": "Delivered"},
    "cancelled": {"zh": "已取消", "en": "Cancelled"},
}

# The sync record types (rules.roles.RECORD_TYPES_BY_ROLE), as HQ's quarantine names them.
RECORD_TYPE_LABELS: Labels = {
    "visit": {"zh": "拜访", "en": "Visit"},
    "price_check": {"zh": "价格采集", "en": "Price check"},
    "store_update": {"zh": "门店信息变更", "en": "Store info change"},
    "ticket": {"zh": "工单", "en": "Ticket"},
    "restock_request": {"zh": "应急补货申请", "en": "Restock request"},
}

PRICE_CHECK_STATE_LABELS: Labels = {
    "not_required": {"zh": "无需采集", "en": "Not required"},
    "due": {"zh": "待采集", "en": "Due"},
    "submitted": {"zh": "已按时采集", "en": "Submitted"},
    "late": {"zh": "逾期", "en": "Late"},
}

PRICE_FLAG_LABELS: Labels = {
    "ok": {"zh": "正常", "en": "OK"},
    "above": {"zh": "高于指导价", "en": "Above guide price"},
    "below": {"zh": "低于指导价", "en": "Below guide price"},
}

FOLLOWUP_VERDICT_LABELS: Labels = {
    "normal": {"zh": "销售正常", "en": "Sold normally"},
    "abnormal": {"zh": "销售异常", "en": "Abnormal"},
    "too_early": {"zh": "尚待观察", "en": "Too early to judge"},
}


def label(table: Labels, code: str | StrEnum, lang: str = "zh") -> str:
    """The label of `code` in `lang` ("zh" or "en"); unknown languages fall back to zh.

    An unknown code raises KeyError, so a typo shows up in tests, not as a blank cell.
    """
    entry = table[str(code)]
    return entry.get(lang, entry["zh"])
